package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The -C file, then DMON_OPTIONS, then the command line (DMon's order). */
class JobSpecParserSourcesTest {
    private final ParserFixture p = new ParserFixture();

    @Test
    void environmentOptionsApply() throws SpecException {
        JobSpec spec = p.specWithEnv("-n -e --load-high 4", "cmd");
        assertThat(spec.noDaemon()).isTrue();
        assertThat(spec.stderrRedir()).isTrue();
        assertThat(spec.loadHigh()).isEqualTo(4.0);
    }

    @Test
    void environmentIsSplitLikeAShell() throws SpecException {
        JobSpec spec = p.specWithEnv("  -E 'A=x y'\t-E \"B=\\\"q\\\"\" -E C=a\\ b  ", "cmd");
        assertThat(spec.environ()).containsExactly(EnvChange.set("A", "x y"), EnvChange.set("B", "\"q\""),
                EnvChange.set("C", "a b"));
    }

    @Test
    void emptyOrBlankEnvironmentIsNoOptions() throws SpecException {
        assertThat(p.specWithEnv("", "cmd")).isEqualTo(p.spec("cmd"));
        assertThat(p.specWithEnv("   ", "cmd")).isEqualTo(p.spec("cmd"));
    }

    @Test
    void commandLineOverridesEnvironment() throws SpecException {
        JobSpec spec = p.specWithEnv("-t 10 -p env.pid -m 3", "-t", "20", "cmd");
        assertThat(spec.timeoutSeconds()).isEqualTo(20);
        assertThat(spec.pidFile()).contains("env.pid");
        assertThat(spec.maxRespawns()).isEqualTo(3);
    }

    @Test
    void commandLineCanTurnOffAnEnvironmentFlag() throws SpecException {
        assertThat(p.specWithEnv("-e -n", "--no-stderr-redir", "cmd").stderrRedir()).isFalse();
    }

    @Test
    void environAndLimitsAccumulateAcrossSources() throws SpecException {
        p.files.put("conf", "environ B=2\nlimit files=20\n");
        JobSpec spec = p.specWithEnv("-E A=1 -r files=10", "-C", "conf", "-E", "C=3", "-r", "core=0", "cmd");
        assertThat(spec.environ()).extracting(EnvChange::name).containsExactly("B", "A", "C");
        assertThat(spec.limits()).containsExactly(new ResourceLimit(LimitKind.FILES, 20),
                new ResourceLimit(LimitKind.FILES, 10), new ResourceLimit(LimitKind.CORE, 0));
    }

    @Test
    void environmentSitsBetweenConfigFileAndCommandLine() throws SpecException {
        p.files.put("/etc/dmon/job.conf", "timeout 2m\npid-file conf.pid\ninterval 9\nwrite-info conf.info\n");
        JobSpec spec = p.specWithEnv("-t 1 -p env.pid -i 5",
                "-C", "/etc/dmon/job.conf", "-i", "7", "cmd");
        assertThat(spec.timeoutSeconds()).isEqualTo(1);
        assertThat(spec.pidFile()).contains("env.pid");
        assertThat(spec.intervalSeconds()).isEqualTo(7);
        assertThat(spec.infoFile()).contains("conf.info");
    }

    @Test
    void environmentOverridesAnEnvironVariableOfTheConfigFile() throws SpecException {
        p.files.put("conf", "environ X=conf\n");
        JobSpec spec = p.specWithEnv("-E X=env", "-C", "conf", "cmd");
        assertThat(spec.environ()).containsExactly(EnvChange.set("X", "conf"), EnvChange.set("X", "env"));
    }

    @Test
    void longConfigOptionWorksToo() throws SpecException {
        p.files.put("c", "no-daemon");
        assertThat(p.spec("--config", "c", "cmd").noDaemon()).isTrue();
    }

    @Test
    void configFileInDmonsFormat() throws SpecException {
        p.files.put("job.conf", """
                # supervise the backup
                no-daemon
                once            # stop after success
                load-high 3.5
                load-low  1
                environ "GREETING=hello world"
                environ LANG=C
                cmd-user backup:disk
                write-info /var/run/backup.status
                limit files=512
                max-respawns 4
                """);
        JobSpec spec = p.spec("-C", "job.conf", "rsync", "-a", "/src", "/dst");
        assertThat(spec).isEqualTo(JobSpec.builder().noDaemon(true).once(true).loadHigh(3.5).loadLow(1)
                .addEnviron(EnvChange.set("GREETING", "hello world")).addEnviron(EnvChange.set("LANG", "C"))
                .cmdUser(new UserSpec("backup", List.of("disk"))).infoFile("/var/run/backup.status")
                .addLimit(new ResourceLimit(LimitKind.FILES, 512)).maxRespawns(4)
                .command("rsync", "-a", "/src", "/dst").build());
    }

    @Test
    void configFileMayAlsoUseCommandLineSpelling() throws SpecException {
        p.files.put("words.conf", "-n -e\n--load-high 4 -t 30\n--no-stderr-redir\n");
        JobSpec spec = p.spec("-C", "words.conf", "cmd");
        assertThat(spec.noDaemon()).isTrue();
        assertThat(spec.stderrRedir()).isFalse();
        assertThat(spec.loadHigh()).isEqualTo(4.0);
        assertThat(spec.timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void configFileAloneWithoutOtherOptions() throws SpecException {
        p.files.put("empty", "# nothing here\n\n");
        assertThat(p.spec("-C", "empty", "cmd")).isEqualTo(p.spec("cmd"));
    }

    @Test
    void commandLineAfterConfigStillStopsAtTheCommand() throws SpecException {
        p.files.put("c", "no-daemon");
        JobSpec spec = p.spec("-C", "c", "-e", "sh", "-c", "x", "-s", "--", "dlog");
        assertThat(spec.stderrRedir()).isTrue();
        assertThat(spec.cmdSigs()).isFalse();
        assertThat(spec.command()).containsExactly("sh", "-c", "x", "-s");
        assertThat(spec.logCommand()).containsExactly("dlog");
    }

    @Test
    void relativeConfigPathIsHandedToTheReaderAsGiven() throws SpecException {
        p.files.put("sub/../rel.conf", "once");
        assertThat(p.spec("-C", "sub/../rel.conf", "cmd").once()).isTrue();
    }

    @Test
    void helpFromAnySource() throws SpecException {
        assertThat(p.parse("-h").action()).isEqualTo(ParsedArgs.Action.HELP);
        assertThat(p.parse("-r help").action()).isEqualTo(ParsedArgs.Action.LIMITS_HELP);
        p.files.put("c", "limit help");
        assertThat(p.parse(null, "-C", "c", "cmd").action()).isEqualTo(ParsedArgs.Action.LIMITS_HELP);
    }

    @Test
    void theConfigFileIsReadBeforeTheEnvironmentAsksForHelp() throws SpecException {
        assertThat(p.errorWithEnv("--help", "-C", "missing", "cmd"))
                .isEqualTo("cannot read config file 'missing': No such file or directory");
        p.files.put("c", "once");
        assertThat(p.parse("--help", "-C", "c", "cmd").action()).isEqualTo(ParsedArgs.Action.HELP);
    }

    @Test
    void limitsHelpWithAPrinterGoesOnToTheJobOrToTheNextProblem() throws SpecException {
        List<String> printed = new java.util.ArrayList<>();
        JobSpecParser parser = new JobSpecParser();
        ParsedArgs parsed = parser.parse(null, List.of("-r", "help", "-n", "cmd"), p.reader, () -> printed.add("limits"));
        assertThat(parsed.action()).isEqualTo(ParsedArgs.Action.RUN);
        assertThat(parsed.spec().noDaemon()).isTrue();
        assertThat(printed).containsExactly("limits");
        p.files.put("c", "limit help");
        SpecException e = org.assertj.core.api.Assertions.catchThrowableOfType(SpecException.class,
                () -> parser.parse("-r help", List.of("-C", "c"), p.reader, () -> printed.add("again")));
        assertThat(e).hasMessage("no command to run given");
        assertThat(printed).containsExactly("limits", "again", "again");
    }
}
