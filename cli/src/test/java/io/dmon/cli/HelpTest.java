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
        for (String command : List.of("run", "ps", "hosts", "logs", "stop", "restart", "signal", "rm", "events", "pause",
                "resume", "gate", "gate add", "gate ls", "gate rm", "cluster", "tls", "tls ca", "tls ca create", "tls cert",
                "tls cert create")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            String text = help(args.toArray(new String[0]));
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

        assertThat(text).contains("DMON_OPTIONS is NOT applied", "'@file' is not expanded", "exits 128 + the signal (130, 143, 129)",
                "-L, --load-high NUM", "-1, --once", "-r, --limit NAME=VALUE", "-P, --pressure RES=HIGH[/LOW]",
                "-P RES[:some|full][:avg10|avg60|avg300]=HIGH[/LOW]");
    }

    @Test
    void topLevelHelpListsTheFleetCommands() {
        String text = help("--help");

        assertThat(text).contains("  pause    Pauses the selected jobs", "  resume   Ends the manual pause",
                "  gate     Fleet gates", "  cluster  Lists the coordinators", "no such job, host or gate");
        assertThat(help("gate", "--help")).contains("  add  Adds a gate.", "  ls   Lists the gates", "  rm   Removes a gate.");
    }

    @Test
    void pauseAndGateHelpTellTheRules() {
        assertThat(help("pause", "--help")).contains("SELECTOR: JOB... | --all | [--host HOST] [--tag TAG]",
                "--for=DURATION", "each agent's own clock", "A manual pause wins", "matches no job is an error (exit 3)",
                "$USER@HOST");
        assertThat(help("resume", "--help")).contains("Only the manual pause", "still held: JOB by gate NAME");
        assertThat(help("gate", "add", "--help")).contains("--watch=HOST|max|avg", "--watch-label=KEY=VALUE",
                "default: X/2", "(exit 5)", "1-64 of A-Z a-z 0-9 . _ -");
        assertThat(help("gate", "ls", "--help")).contains("NAME WATCH METRIC VALUE STATE HELD SINCE NOTE", "--json");
        assertThat(help("cluster", "--help")).contains("ADDRESS", "GRPC", "UPTIME", "AGENTS", "'*'");
        assertThat(help("ps", "--help")).contains("WHY", "'manual pause since", "'gate dbload for 45s'", "holds", "WAITING");
        assertThat(help("events", "--help")).contains("pause requested", "lease expired", "'closed'");
    }

    @Test
    void logsHelpTellsTheReadersOptions() {
        String text = help("logs", "--help");

        assertThat(text).contains("--since=DURATION|TIME", "2026-12-04T10:00+01:00", "Not in the", "all with --since",
                "the last\n                        LINES of those written since then", "--timestamps", "RFC 3339",
                "--json", "surrogateescape", "\"skipped\"", "--raw", "ESC as \\e", "byte for byte");
        assertThat(help("run", "--help")).contains("[--raw]", "control characters are made visible");
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
