package io.dmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command's --help: printed on stdout, status 0, fits 80 columns, and says the important things. */
class HelpTest {

    private static String help(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DmonCtl.execute(CliContext.builder().out(out).err(err).build(), args);
        assertThat(status).as(String.join(" ", args)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandHasHelpThatFits() {
        for (String command : List.of("run", "ps", "hosts", "logs", "stop", "restart", "signal", "events")) {
            String text = help(command, "--help");
            assertThat(text).startsWith("Usage: dmonctl " + command);
            assertThat(text.lines()).as(command).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        }
    }

    @Test
    void topLevelHelpListsCommandsExitStatusesAndTheEnvironment() {
        String text = help("--help");

        assertThat(text).contains("--coordinator", "--timeout", "DMON_COORDINATOR", "NO_COLOR", "Exit status:",
                "  3    no such job", "  4    no coordinator answered", "  130  run -n interrupted");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(help("help", "ps")).startsWith("Usage: dmonctl ps");
    }

    @Test
    void runHelpTellsHowWordsAreSplitAndListsDmonsOptions() {
        String text = help("run", "--help");

        assertThat(text).contains("DMON_OPTIONS is NOT applied", "'@file' is not expanded", "exits 130",
                "-L, --load-high NUM", "-1, --once", "-r, --limit NAME=VALUE");
    }

    @Test
    void noCommandIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DmonCtl.execute(CliContext.builder().out(new ByteArrayOutputStream()).err(err).build());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("dmonctl: a COMMAND is needed (see 'dmonctl --help')\n");
    }

    @Test
    void anUnknownCommandIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DmonCtl.execute(CliContext.builder().out(new ByteArrayOutputStream()).err(err).build(), "pss");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("dmonctl: unknown command 'pss' (see 'dmonctl --help')\n");
    }
}
