package io.dmon.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.cli.CliException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --coordinator}, {@code DMON_COORDINATOR} and {@code --timeout}. */
class OptionsTest {

    @Test
    void optionBeatsEnvironmentBeatsDefault() {
        assertThat(CoordinatorAddresses.resolve("a:1,b:2", "c:3")).containsExactly("a:1", "b:2");
        assertThat(CoordinatorAddresses.resolve(null, "c:3, d:4")).containsExactly("c:3", "d:4");
        assertThat(CoordinatorAddresses.resolve(null, " ")).containsExactly("127.0.0.1:7700");
        assertThat(CoordinatorAddresses.resolve(null, null)).containsExactly("127.0.0.1:7700");
    }

    @Test
    void addressesAreHostColonPortIpv6InBrackets() {
        assertThat(CoordinatorAddresses.parse("[::1]:7700,coord-1.example:7700,coord-1.example:7700", "x"))
                .containsExactly("[::1]:7700", "coord-1.example:7700");
        for (String bad : List.of("", "host", "host:", ":7700", "host:0", "host:65536", "host:x", "::1:7700",
                "a:1,,b:2", "http://a:1")) {
            assertThatThrownBy(() -> CoordinatorAddresses.parse(bad, "--coordinator")).as(bad)
                    .isInstanceOf(CliException.class)
                    .hasMessageStartingWith("--coordinator: '");
        }
    }

    @Test
    void timeouts() {
        assertThat(Durations.parse("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.text(Duration.ofSeconds(10))).isEqualTo("10s");
        for (String bad : List.of("0", "0s", "-1s", "1h", "1.5s", "s", "")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(CliException.class);
        }
    }

    @Test
    void leasesTakeHoursAndDaysToo() {
        assertThat(Durations.lease("--for", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.lease("--for", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.lease("--for", " 1d ")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.lease("--for", "999999999d")).isEqualTo(Duration.ofDays(999_999_999));
        for (String bad : List.of("0", "0h", "-1h", "1.5h", "1w", "h", "", "1 h")) {
            assertThatThrownBy(() -> Durations.lease("--for", bad)).as(bad).isInstanceOf(CliException.class)
                    .hasMessageStartingWith("--for");
        }
    }

    @Test
    void compactDurationsReadAsTyped() {
        assertThat(Durations.compact(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.compact(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.compact(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.compact(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(Durations.compact(Duration.ofSeconds(86_401))).isEqualTo("1d1s");
        assertThat(Durations.compact(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
