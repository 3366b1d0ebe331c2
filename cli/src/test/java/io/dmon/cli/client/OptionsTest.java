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
}
