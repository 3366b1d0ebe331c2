package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.cli.CliException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalNamesTest {

    @Test
    void linuxNumbersByNameInAnySpelling() {
        Map<String, Integer> expected = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3),
                Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("USR2", 12), Map.entry("ALRM", 14),
                Map.entry("TERM", 15), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20));
        expected.forEach((name, number) -> {
            assertThat(SignalNames.parse(name)).isEqualTo(number);
            assertThat(SignalNames.parse("SIG" + name)).isEqualTo(number);
            assertThat(SignalNames.parse(name.toLowerCase(java.util.Locale.ROOT))).isEqualTo(number);
            assertThat(SignalNames.parse("sig" + name.toLowerCase(java.util.Locale.ROOT))).isEqualTo(number);
        });
    }

    @Test
    void numbers() {
        assertThat(SignalNames.parse("15")).isEqualTo(15);
        assertThat(SignalNames.parse("1")).isEqualTo(1);
        assertThat(SignalNames.parse("64")).isEqualTo(64);
    }

    @Test
    void unknownOrOutOfRangeIsAUsageError() {
        for (String bad : new String[] {"FOO", "SIG", "", "0", "65", "-9", "9x", "999999999999"}) {
            assertThatThrownBy(() -> SignalNames.parse(bad)).as(bad)
                    .isInstanceOf(CliException.class)
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
        }
    }
}
