package io.dmon.agent.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.spec.SpecException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each log tool's options, short and long, with DMon's defaults, its help, and its variable first. */
class LogToolArgsTest {
    @TempDir
    Path work;

    private static DlogArgs dlog(String... words) throws SpecException {
        return DlogArgs.parse(List.of(words)).orElseThrow();
    }

    private static DrlogArgs drlog(String... words) throws SpecException {
        return DrlogArgs.parse(List.of(words)).orElseThrow();
    }

    private static DslogArgs dslog(String... words) throws SpecException {
        return DslogArgs.parse(List.of(words)).orElseThrow();
    }

    @Test
    void dlogDefaults() throws SpecException {
        DlogArgs args = dlog();
        assertThat(args.toOptions(work)).isEqualTo(new DlogOptions(null, false, null, false, false));
        assertThat(args.inputFd()).isZero();
    }

    @Test
    void dlogShortAndLongOptions() throws SpecException {
        DlogOptions expected = new DlogOptions(work.resolve("f.log"), true, "job", true, true);
        DlogArgs byLetter = dlog("-p", "job", "-i", "3", "-b", "-t", "-e", "f.log");
        DlogArgs byName = dlog("--prefix", "job", "--input-fd", "3", "--buffered", "--timestamp", "--skip-empty",
                "f.log");
        assertThat(byLetter.toOptions(work)).isEqualTo(expected);
        assertThat(byName.toOptions(work)).isEqualTo(expected);
        assertThat(byLetter.inputFd()).isEqualTo(3);
        assertThat(byName.inputFd()).isEqualTo(3);
    }

    @Test
    void dlogFlagsTurnOffAndLaterValuesWin() throws SpecException {
        DlogArgs args = dlog("-b", "-t", "-e", "-p", "a", "--no-buffered", "--no-timestamp", "--no-skip-empty",
                "--prefix", "b");
        assertThat(args.toOptions(work)).isEqualTo(new DlogOptions(null, false, "b", false, false));
    }

    @Test
    void drlogDefaults() throws SpecException {
        DrlogArgs args = drlog("logs");
        assertThat(args.toOptions(work)).isEqualTo(DrlogOptions.defaults(work.resolve("logs")));
        assertThat(args.inputFd()).isZero();
    }

    @Test
    void drlogShortAndLongOptions() throws SpecException {
        DrlogOptions expected = new DrlogOptions(work.resolve("logs"), 1024, 2 * 30 * 86_400L, 3, true, true, true);
        DrlogArgs byLetter = drlog("-m", "3", "-T", "2M", "-s", "1k", "-i", "4", "-b", "-t", "-e", "logs");
        DrlogArgs byName = drlog("--max-files", "3", "--max-time", "2M", "--max-size", "1k", "--input-fd", "4",
                "--buffered", "--timestamp", "--skip-empty", "logs");
        assertThat(byLetter.toOptions(work)).isEqualTo(expected);
        assertThat(byName.toOptions(work)).isEqualTo(expected);
        assertThat(byLetter.inputFd()).isEqualTo(4);
        assertThat(byName.inputFd()).isEqualTo(4);
    }

    @Test
    void drlogValuesAreCheckedWithTheirShortName() {
        assertThatThrownBy(() -> drlog("--max-size", "1q", "logs").toOptions(work))
                .hasMessage("option -s: bad size value '1q' (a whole number of bytes, optionally suffixed with k, m, g)");
        assertThatThrownBy(() -> drlog("--max-files", "-1", "logs").toOptions(work))
                .hasMessage("option -m: bad number of files '-1'");
        assertThatThrownBy(() -> drlog("-t").toOptions(work)).hasMessage("no log directory path was specified");
    }

    @Test
    void dslogDefaults() throws SpecException {
        DslogArgs args = dslog("app");
        assertThat(args.toOptions()).isEqualTo(DslogOptions.defaults("app"));
        assertThat(args.inputFd()).isZero();
    }

    @Test
    void dslogShortAndLongOptions() throws SpecException {
        DslogOptions expected = new DslogOptions("app", 16, 6, true, true);
        DslogArgs byLetter = dslog("-f", "local0", "-p", "INFO", "-i", "5", "-c", "-e", "app");
        DslogArgs byName = dslog("--facility", "local0", "--priority", "INFO", "--input-fd", "5", "--console",
                "--skip-empty", "app");
        assertThat(byLetter.toOptions()).isEqualTo(expected);
        assertThat(byName.toOptions()).isEqualTo(expected);
        assertThat(byLetter.inputFd()).isEqualTo(5);
        assertThat(byName.inputFd()).isEqualTo(5);
        assertThatThrownBy(() -> dslog("-e").toOptions()).hasMessage("process name not specified");
    }

    @Test
    void helpStopsWhereItIsReadAndIsOnlyAnOptionWhereAnOptionCanBe() throws SpecException {
        assertThat(DlogArgs.parse(List.of("-h"))).isEmpty();
        assertThat(DlogArgs.parse(List.of("-b", "--help", "-x", "a", "b"))).isEmpty();
        assertThat(DrlogArgs.parse(List.of("--help"))).isEmpty();
        assertThat(DslogArgs.parse(List.of("-h", "--priority"))).isEmpty();
        assertThatThrownBy(() -> DlogArgs.parse(List.of("-x", "-h"))).hasMessage("unknown option '-x'");
        assertThat(dlog("-p", "-h").toOptions(work).prefix()).isEqualTo("-h");
        assertThat(dlog("--", "-h").toOptions(work).file()).isEqualTo(work.resolve("-h"));
    }

    @Test
    void theVariablesWordsComeFirstAndTheCommandLineOverridesThem() throws SpecException {
        Map<String, String> env = Map.of("DLOG_OPTIONS", "-b -p 'from env'");
        DlogArgs fromEnv = DlogArgs.parse(ToolArgs.withEnvironment("DLOG_OPTIONS", env, List.of("f"))).orElseThrow();
        DlogArgs overridden = DlogArgs.parse(
                ToolArgs.withEnvironment("DLOG_OPTIONS", env, List.of("--no-buffered", "-p", "mine", "f"))).orElseThrow();
        assertThat(fromEnv.toOptions(work)).isEqualTo(new DlogOptions(work.resolve("f"), false, "from env", false, true));
        assertThat(overridden.toOptions(work)).isEqualTo(new DlogOptions(work.resolve("f"), false, "mine", false, false));
        assertThat(DrlogArgs.parse(ToolArgs.withEnvironment("DRLOG_OPTIONS", Map.of("DRLOG_OPTIONS", "-h"),
                List.of("logs")))).isEmpty();
        assertThatThrownBy(() -> DslogArgs.parse(ToolArgs.withEnvironment("DSLOG_OPTIONS",
                Map.of("DSLOG_OPTIONS", "-ce"), List.of("app"))))
                .hasMessage("unknown option '-ce' (options are not bundled: write -c -e)");
    }

    @Test
    void theHelpTextsListEveryOptionOfTheirTable() {
        assertListsEveryOption("Usage: dlog [options] [FILE]\n", DlogArgs.USAGE, DlogArgs.OPTIONS);
        assertListsEveryOption("Usage: drlog [options] DIR\n", DrlogArgs.USAGE, DrlogArgs.OPTIONS);
        assertListsEveryOption("Usage: dslog [options] NAME\n", DslogArgs.USAGE, DslogArgs.OPTIONS);
    }

    private static void assertListsEveryOption(String firstLine, String usage, List<ToolOption> options) {
        assertThat(usage).startsWith(firstLine).endsWith(".\n");
        assertThat(usage.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        int last = -1;
        for (ToolOption option : options) {
            String names = "\n-" + option.letter() + ", --" + option.longName() + (option.takesValue() ? " " : "\n");
            int at = usage.indexOf(names);
            assertThat(at).as("%s listed after the previous option", names.strip()).isGreaterThan(last);
            last = at;
        }
        assertThat(usage.lines().filter(line -> line.matches("-\\w, --.*"))).hasSize(options.size());
    }
}
