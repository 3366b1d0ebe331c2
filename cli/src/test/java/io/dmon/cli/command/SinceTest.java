package io.dmon.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** {@code --since}: durations back from now, and times with or without a zone. */
class SinceTest {
    /** Noon UTC, in Paris (UTC+1 in December): the operator's zone. */
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneId.of("Europe/Paris"));

    private long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aDurationIsThatLongAgo() {
        assertThat(Since.parse("--since", "10m", clock)).isEqualTo(ms("2026-12-04T11:50:00Z"));
        assertThat(Since.parse("--since", "2h", clock)).isEqualTo(ms("2026-12-04T10:00:00Z"));
        assertThat(Since.parse("--since", "90", clock)).as("seconds by default").isEqualTo(ms("2026-12-04T11:58:30Z"));
    }

    @Test
    void aTimeWithoutAZoneIsInTheOperatorsZoneAndOneWithAZoneIsThatInstant() {
        assertThat(Since.parse("--since", "2026-12-04T10:00", clock)).isEqualTo(ms("2026-12-04T09:00:00Z"));
        assertThat(Since.parse("--since", "2026-12-04T10:00:30", clock)).isEqualTo(ms("2026-12-04T09:00:30Z"));
        assertThat(Since.parse("--since", "2026-12-04T10:00:30.250", clock)).isEqualTo(ms("2026-12-04T09:00:30.250Z"));
        assertThat(Since.parse("--since", "2026-12-04T10:00Z", clock)).isEqualTo(ms("2026-12-04T10:00:00Z"));
        assertThat(Since.parse("--since", "2026-12-04T10:00:30Z", clock)).isEqualTo(ms("2026-12-04T10:00:30Z"));
        assertThat(Since.parse("--since", "2026-12-04T10:00+01:00", clock)).isEqualTo(ms("2026-12-04T09:00:00Z"));
        assertThat(Since.parse("--since", "2026-12-04T10:00:30-05:00", clock)).isEqualTo(ms("2026-12-04T15:00:30Z"));
        assertThat(Since.parse("--since", "2026-07-04T10:00", clock)).as("summer time in Paris")
                .isEqualTo(ms("2026-07-04T08:00:00Z"));
    }

    @Test
    void anythingElseIsAUsageErrorNamingTheOption() {
        for (String bad : new String[] {"yesterday", "2026-12-04T25:00", "2026-12-04T10", "2026-13-01T10:00",
                "10 minutes", "", "2026-12-04T10:00+1:00"}) {
            assertThatThrownBy(() -> Since.parse("--since", bad, clock)).as(bad)
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(e.getMessage()).isEqualTo("--since: '" + bad + "' is not a duration (90s, 10m, "
                                + "2h, 1d) or a time (2026-12-04T10:00, 2026-12-04T10:00:30Z, 2026-12-04T10:00+01:00)");
                    });
        }
    }

    @Test
    void aReaderOfWhatWasWrittenRefusesATimeToCome() {
        assertThat(Since.parsePast("--since", "2026-12-04T12:00Z", clock)).as("now").isEqualTo(ms("2026-12-04T12:00:00Z"));
        assertThat(Since.parse("--since", "2026-12-04T14:00", clock)).as("events may wait for it")
                .isEqualTo(ms("2026-12-04T13:00:00Z"));
        assertThatThrownBy(() -> Since.parsePast("--since", "2026-12-04T14:00", clock))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).isEqualTo("--since: '2026-12-04T14:00' is in the future");
                });
    }
}
