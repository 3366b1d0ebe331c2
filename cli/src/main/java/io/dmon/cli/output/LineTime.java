package io.dmon.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * When a job wrote a line, as {@code --timestamps} and {@code --json} show it: RFC 3339 in UTC,
 * always with milliseconds ({@code 2026-12-04T10:00:00.120Z}), so the times of a job's lines line
 * up and sort as text. The time is the job's host's clock when the line was read from the job.
 */
public final class LineTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LineTime() {
    }

    public static String of(long unixMs) {
        return FORMAT.format(Instant.ofEpochMilli(unixMs));
    }
}
