package io.dmon.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each option, short and long, and where the options end. */
class JobSpecParserOptionsTest {
    private final ParserFixture p = new ParserFixture();

    @Test
    void commandAloneGivesDefaults() throws SpecException {
        assertThat(p.spec("sleep", "10")).isEqualTo(JobSpec.builder().command("sleep", "10").build());
    }

    @ParameterizedTest
    @CsvSource({"-I, --write-info", "-p, --pid-file", "-W, --work-dir"})
    void pathOptionsKeepThePathAsGiven(String shortName, String longName) throws SpecException {
        for (String name : List.of(shortName, longName)) {
            JobSpec spec = p.spec(name, "rel/dir/../f x", "cmd");
            String path = switch (shortName) {
                case "-I" -> spec.infoFile().orElseThrow();
                case "-p" -> spec.pidFile().orElseThrow();
                default -> spec.workDir().orElseThrow();
            };
            assertThat(path).isEqualTo("rel/dir/../f x");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-i", "--interval"})
    void interval(String name) throws SpecException {
        assertThat(p.spec(name, "30", "cmd").intervalSeconds()).isEqualTo(30);
        assertThat(p.spec(name, "2h", "cmd").intervalSeconds()).isEqualTo(7200);
        assertThat(p.spec(name, "2M", "cmd").intervalSeconds()).as("DMon's months").isEqualTo(2 * 30 * 86400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-t", "--timeout"})
    void timeout(String name) throws SpecException {
        assertThat(p.spec(name, "90", "cmd").timeoutSeconds()).isEqualTo(90);
        assertThat(p.spec(name, "5m", "cmd").timeoutSeconds()).isEqualTo(300);
        assertThat(p.spec(name, "1w", "cmd").timeoutSeconds()).isEqualTo(604800);
        assertThat(p.spec(name, "1d", "cmd").timeoutSeconds()).isEqualTo(86400);
        assertThat(p.spec(name, "45s", "cmd").timeoutSeconds()).isEqualTo(45);
        assertThat(p.spec(name, "1y", "cmd").timeoutSeconds()).as("DMon's years").isEqualTo(365 * 86400);
    }

    @Test
    void loadHighAloneDefaultsLoadLowToHalf() throws SpecException {
        JobSpec spec = p.spec("-L", "4.0", "cmd");
        assertThat(spec.loadHigh()).isEqualTo(4.0);
        assertThat(spec.loadLow()).isEqualTo(2.0);
        assertThat(p.spec("--load-high", "3", "cmd").loadLow()).isEqualTo(1.5);
    }

    @Test
    void loadLowGivenIsKept() throws SpecException {
        JobSpec spec = p.spec("-l", "1", "-L", "3.5", "rsync");
        assertThat(spec.loadHigh()).isEqualTo(3.5);
        assertThat(spec.loadLow()).isEqualTo(1.0);
        assertThat(p.spec("--load-high", "3", "--load-low", "3", "cmd").loadLow()).isEqualTo(3.0);
    }

    @Test
    void loadLowZeroMeansHalfAsInDmon() throws SpecException {
        assertThat(p.spec("-L", "4", "-l", "0", "cmd").loadLow()).isEqualTo(2.0);
    }

    @Test
    void loadLowWithoutLoadHighIsKeptButLoadWatchingStaysOff() throws SpecException {
        JobSpec spec = p.spec("-l", "9", "cmd");
        assertThat(spec.loadHigh()).isZero();
        assertThat(spec.loadLow()).isEqualTo(9.0);
    }

    @ParameterizedTest
    @CsvSource({"4, 4.0", "0.5, 0.5", ".5, 0.5", "3., 3.0", "1e1, 10.0", "2.5E-1, 0.25", "0, 0.0"})
    void loadNumbersAreDecimal(String text, double value) throws SpecException {
        assertThat(p.spec("-L", text, "cmd").loadHigh()).isEqualTo(value);
    }

    @Test
    void environAccumulatesInOrder() throws SpecException {
        JobSpec spec = p.spec("-E", "A=1", "--environ", "B", "-E", "C=", "-E", "A=2=3", "cmd");
        assertThat(spec.environ()).containsExactly(EnvChange.set("A", "1"), EnvChange.unset("B"),
                EnvChange.set("C", ""), EnvChange.set("A", "2=3"));
    }

    @Test
    void cmdAndLogUsers() throws SpecException {
        JobSpec spec = p.spec("-u", "app", "-U", "log:wheel:4", "cmd");
        assertThat(spec.cmdUser()).contains(UserSpec.of("app"));
        assertThat(spec.logUser()).contains(new UserSpec("log", List.of("wheel", "4")));
        JobSpec longForm = p.spec("--cmd-user", "1000:100", "--log-user", "nobody", "cmd");
        assertThat(longForm.cmdUser()).contains(new UserSpec("1000", List.of("100")));
        assertThat(longForm.logUser()).contains(UserSpec.of("nobody"));
    }

    @ParameterizedTest
    @CsvSource({
        "-n, --no-daemon", "-1, --once", "-e, --stderr-redir", "-s, --cmd-sigs", "-S, --log-sigs"
    })
    void flags(String shortName, String longName) throws SpecException {
        for (String name : List.of(shortName, longName)) {
            JobSpec spec = p.spec(name, "cmd");
            assertThat(flag(spec, shortName)).as(name).isTrue();
            assertThat(spec.toBuilder().noDaemon(false).once(false).stderrRedir(false).cmdSigs(false)
                    .logSigs(false).build()).isEqualTo(p.spec("cmd"));
        }
        assertThat(flag(p.spec("cmd"), shortName)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "-n, --no-no-daemon", "-1, --no-once", "-e, --no-stderr-redir", "-s, --no-cmd-sigs", "-S, --no-log-sigs"
    })
    void noFlagTurnsAFlagOffAgain(String shortName, String negated) throws SpecException {
        assertThat(flag(p.spec(shortName, negated, "cmd"), shortName)).isFalse();
        assertThat(flag(p.spec(negated, shortName, "cmd"), shortName)).isTrue();
    }

    private static boolean flag(JobSpec spec, String shortName) {
        return switch (shortName) {
            case "-n" -> spec.noDaemon();
            case "-1" -> spec.once();
            case "-e" -> spec.stderrRedir();
            case "-s" -> spec.cmdSigs();
            default -> spec.logSigs();
        };
    }

    @Test
    void maxRespawns() throws SpecException {
        assertThat(p.spec("-m", "5", "cmd").maxRespawns()).isEqualTo(5);
        assertThat(p.spec("--max-respawns", "0", "cmd").maxRespawns()).isZero();
        assertThat(p.spec("-m", "-1", "cmd").maxRespawns()).isEqualTo(-1);
        assertThat(p.spec("-m", "3", "-m", "-1", "cmd").maxRespawns()).isEqualTo(-1);
    }

    @Test
    void limitsAccumulateInOrder() throws SpecException {
        JobSpec spec = p.spec("-r", "files=64", "--limit", "vmem=1g", "-r", "files=128", "cmd");
        assertThat(spec.limits()).containsExactly(new ResourceLimit(LimitKind.FILES, 64),
                new ResourceLimit(LimitKind.VMEM, 1L << 30), new ResourceLimit(LimitKind.FILES, 128));
    }

    @Test
    void laterScalarsOverrideEarlierOnes() throws SpecException {
        JobSpec spec = p.spec("-t", "5", "-t", "6", "-p", "a", "--pid-file", "b", "-u", "x", "-u", "y",
                "-L", "2", "-L", "8", "cmd");
        assertThat(spec.timeoutSeconds()).isEqualTo(6);
        assertThat(spec.pidFile()).contains("b");
        assertThat(spec.cmdUser()).contains(UserSpec.of("y"));
        assertThat(spec.loadHigh()).isEqualTo(8.0);
        assertThat(spec.loadLow()).isEqualTo(4.0);
    }

    @Test
    void optionsStopAtTheCommand() throws SpecException {
        JobSpec spec = p.spec("-n", "sh", "-c", "x", "-e");
        assertThat(spec.command()).containsExactly("sh", "-c", "x", "-e");
        assertThat(spec.stderrRedir()).isFalse();
        assertThat(spec.noDaemon()).isTrue();
    }

    @Test
    void wordsAfterTheCommandAreNeverOptionsEvenIfUnknownOrMalformed() throws SpecException {
        assertThat(p.spec("cmd", "--frob", "-ne", "-C", "x", "-h").command())
                .containsExactly("cmd", "--frob", "-ne", "-C", "x", "-h");
    }

    @Test
    void doubleDashSeparatesTheLogCommand() throws SpecException {
        JobSpec spec = p.spec("-n", "sh", "-c", "while echo hi; do sleep 5; done", "--", "dlog", "-t", "logfile");
        assertThat(spec.command()).containsExactly("sh", "-c", "while echo hi; do sleep 5; done");
        assertThat(spec.logCommand()).containsExactly("dlog", "-t", "logfile");
    }

    @Test
    void onlyTheFirstDoubleDashAfterTheCommandSeparates() throws SpecException {
        JobSpec spec = p.spec("cmd", "a", "--", "log", "--", "b");
        assertThat(spec.command()).containsExactly("cmd", "a");
        assertThat(spec.logCommand()).containsExactly("log", "--", "b");
    }

    @Test
    void trailingDoubleDashMeansNoLogCommandAsInDmon() throws SpecException {
        assertThat(p.spec("cmd", "--").logCommand()).isEmpty();
    }

    @Test
    void doubleDashBeforeTheCommandEndsTheOptions() throws SpecException {
        JobSpec spec = p.spec("-n", "--", "-weird", "-e", "--", "dlog");
        assertThat(spec.noDaemon()).isTrue();
        assertThat(spec.stderrRedir()).isFalse();
        assertThat(spec.command()).containsExactly("-weird", "-e");
        assertThat(spec.logCommand()).containsExactly("dlog");
    }

    @Test
    void aLoneDashIsACommandWordNotAnOption() throws SpecException {
        assertThat(p.spec("-n", "-", "x").command()).containsExactly("-", "x");
    }

    @Test
    void anOptionValueIsTheNextWordWhateverItLooksLike() throws SpecException {
        assertThat(p.spec("-E", "-n", "cmd").environ()).containsExactly(EnvChange.unset("-n"));
        assertThat(p.spec("-p", "--", "cmd").pidFile()).contains("--");
        assertThat(p.spec("-I", "-h", "cmd").infoFile()).contains("-h");
    }

    @Test
    void intervalZeroWithOnceIsAcceptedAsInDmon() throws SpecException {
        JobSpec spec = p.spec("-i", "0", "-1", "cmd");
        assertThat(spec.once()).isTrue();
        assertThat(spec.intervalSeconds()).isZero();
    }

    @Test
    void everyOptionTogether() throws SpecException {
        JobSpec spec = p.spec("-I", "info", "-p", "pid", "-W", "/tmp", "-t", "1m", "-L", "4", "-l", "1",
                "-E", "X=1", "-u", "a:b", "-U", "c", "-n", "-1", "-m", "7", "-e", "-s", "-S", "-r", "core=0",
                "prog", "arg", "--", "logger", "-x");
        assertThat(spec).isEqualTo(JobSpec.builder()
                .infoFile("info").pidFile("pid").workDir("/tmp").timeoutSeconds(60).loadHigh(4).loadLow(1)
                .addEnviron(EnvChange.set("X", "1")).cmdUser(new UserSpec("a", List.of("b")))
                .logUser(UserSpec.of("c")).noDaemon(true).once(true).maxRespawns(7).stderrRedir(true)
                .cmdSigs(true).logSigs(true).addLimit(new ResourceLimit(LimitKind.CORE, 0))
                .command("prog", "arg").logCommand("logger", "-x").build());
    }

    @Test
    void helpAndLimitsHelp() throws SpecException {
        assertThat(p.parse(null, "-h").action()).isEqualTo(ParsedArgs.Action.HELP);
        assertThat(p.parse(null, "--help").action()).isEqualTo(ParsedArgs.Action.HELP);
        assertThat(p.parse(null, "-n", "-h", "cmd").action()).isEqualTo(ParsedArgs.Action.HELP);
        assertThat(p.parse(null, "-r", "help").action()).isEqualTo(ParsedArgs.Action.LIMITS_HELP);
        assertThat(p.parse(null, "--limit", "help", "cmd").action()).isEqualTo(ParsedArgs.Action.LIMITS_HELP);
    }

    @Test
    void helpStopsParsingWhereItIsRead() throws SpecException {
        assertThat(p.parse(null, "-h", "--frob").action()).isEqualTo(ParsedArgs.Action.HELP);
        assertThat(p.parse(null, "-r", "help", "-t", "bad").action()).isEqualTo(ParsedArgs.Action.LIMITS_HELP);
        assertThat(p.parse(null, "-h").toString()).isEqualTo("HELP");
    }
}
