package io.dmon.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The small formatting rules: uptimes, commands, wait statuses, tables, colours. */
class FormatsTest {

    @Test
    void uptimeHasTwoUnitsAtMost() {
        assertThat(HumanDuration.format(0)).isEqualTo("0s");
        assertThat(HumanDuration.format(5)).isEqualTo("5s");
        assertThat(HumanDuration.format(59)).isEqualTo("59s");
        assertThat(HumanDuration.format(60)).isEqualTo("1m00s");
        assertThat(HumanDuration.format(192)).isEqualTo("3m12s");
        assertThat(HumanDuration.format(3599)).isEqualTo("59m59s");
        assertThat(HumanDuration.format(3600)).isEqualTo("1h00m");
        assertThat(HumanDuration.format(2 * 3600 + 5 * 60 + 59)).isEqualTo("2h05m");
        assertThat(HumanDuration.format(86399)).isEqualTo("23h59m");
        assertThat(HumanDuration.format(3 * 86400 + 4 * 3600 + 59)).isEqualTo("3d04h");
        assertThat(HumanDuration.format(400 * 86400)).isEqualTo("400d00h");
        assertThat(HumanDuration.format(-3)).isEqualTo("0s");
    }

    @Test
    void commandsReadBackByAShell() {
        assertThat(CommandText.join(List.of("rsync", "-az", "/a b", "it's", "", "x=1,y"))).isEqualTo(
                "rsync -az '/a b' 'it'\\''s' '' x=1,y");
        assertThat(CommandText.join(List.of("printf", "a\nb\u001b"))).isEqualTo("printf 'a\\x0ab\\x1b'");
    }

    @Test
    void waitStatusesAsDmonExitsWithThem() {
        assertThat(WaitStatus.exitCode(0)).isZero();
        assertThat(WaitStatus.exitCode(3 << 8)).isEqualTo(3);
        assertThat(WaitStatus.exitCode(255 << 8)).isEqualTo(255);
        assertThat(WaitStatus.exitCode(9)).isEqualTo(1);
        assertThat(WaitStatus.exitCode(15 | 0x80)).as("killed, core dumped").isEqualTo(1);
        assertThat(WaitStatus.exitCode(-1)).as("never ran").isEqualTo(1);
        assertThat(WaitStatus.describe(2 << 8)).isEqualTo("exit 2");
        assertThat(WaitStatus.describe(9)).isEqualTo("signal 9");
        assertThat(WaitStatus.describe(-1)).isEqualTo("none");
    }

    @Test
    void tablesAlignAndCutWithoutSplittingCharacters() {
        Table table = new Table("A", "LONGER", "LAST").row("xyz", "1", "free text").row("q", "22", "");

        assertThat(table.render(OptionalInt.empty())).isEqualTo("A    LONGER  LAST\nxyz  1       free text\nq    22\n");
        assertThat(table.render(OptionalInt.of(17))).isEqualTo("A    LONGER  LAST\nxyz  1       free\nq    22\n");
        assertThat(Table.cut("ab😀cd", OptionalInt.of(3))).isEqualTo("ab😀");
    }

    @Test
    void aJobKeepsItsColour() {
        assertThat(LinePrinter.colourOf("web@h1")).isEqualTo(LinePrinter.colourOf(new String("web@h1")));
        assertThat(new LinePrinter(System.out, true, false).prefixOf("web@h1")).isEqualTo("web@h1| ");
        assertThat(new LinePrinter(System.out, true, true).prefixOf("web@h1"))
                .isEqualTo("\u001b[" + LinePrinter.colourOf("web@h1") + "mweb@h1|\u001b[0m ");
    }
}
