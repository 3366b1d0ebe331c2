package io.dmon.agent.output;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How dlog and drlog dress each line: {@code [TIMESTAMP ][PREFIX ]LINE}, the timestamp being
 * {@code YYYY-mm-dd/HH:MM:SS} in UTC, and whether an empty line (just {@code "\n"}; a line of
 * spaces is not empty) is dropped.
 *
 * <p>The clock is read once per batch of lines ({@link #startBatch()}), and the timestamp is
 * formatted only when the second changes, so a busy log costs no formatting per line. DMon reads
 * the clock per line; lines that arrive in one read are stamped alike here.
 */
final class LineFormat {
    /** Length of {@code YYYY-mm-dd/HH:MM:SS}. */
    static final int STAMP_LENGTH = 19;

    private final boolean timestamp;
    private final boolean skipEmpty;
    private final Clock clock;
    /** {@code [stamp ][prefix ]}, rewritten in place when the second changes. */
    private final byte[] header;
    private long stampSecond = Long.MIN_VALUE;

    LineFormat(boolean timestamp, String prefix, boolean skipEmpty, Clock clock) {
        this.timestamp = timestamp;
        this.skipEmpty = skipEmpty;
        this.clock = clock;
        byte[] prefixBytes = prefix == null ? new byte[0] : (prefix + " ").getBytes(StandardCharsets.UTF_8);
        int stamp = timestamp ? STAMP_LENGTH + 1 : 0;
        this.header = new byte[stamp + prefixBytes.length];
        if (timestamp) {
            header[STAMP_LENGTH] = ' ';
        }
        System.arraycopy(prefixBytes, 0, header, stamp, prefixBytes.length);
    }

    /** True when lines pass through untouched (no stamp, no prefix, nothing dropped). */
    boolean plain() {
        return header.length == 0 && !skipEmpty;
    }

    /** True when a line of {@code len} bytes (its newline included) is dropped. */
    boolean drops(int len) {
        return skipEmpty && len == 1;
    }

    /** The bytes to write before each line; valid until the next {@link #startBatch()}. */
    byte[] header() {
        return header;
    }

    /** Reads the clock for the lines about to be written. */
    void startBatch() {
        if (!timestamp) {
            return;
        }
        long second = Math.floorDiv(clock.millis(), 1000L);
        if (second != stampSecond) {
            stampSecond = second;
            formatUtc(second, header, 0);
        }
    }

    /** Writes {@code YYYY-mm-dd/HH:MM:SS} (19 bytes) for {@code epochSecond} in UTC. */
    static void formatUtc(long epochSecond, byte[] dst, int off) {
        formatUtc(epochSecond, '/', dst, off);
    }

    /** Same, with {@code separator} between the date and the time (drlog's file names use '-'). */
    static void formatUtc(long epochSecond, char separator, byte[] dst, int off) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = t.getYear();
        dst[off] = digit(year / 1000 % 10);
        dst[off + 1] = digit(year / 100 % 10);
        dst[off + 2] = digit(year / 10 % 10);
        dst[off + 3] = digit(year % 10);
        dst[off + 4] = '-';
        two(t.getMonthValue(), dst, off + 5);
        dst[off + 7] = '-';
        two(t.getDayOfMonth(), dst, off + 8);
        dst[off + 10] = (byte) separator;
        two(t.getHour(), dst, off + 11);
        dst[off + 13] = ':';
        two(t.getMinute(), dst, off + 14);
        dst[off + 16] = ':';
        two(t.getSecond(), dst, off + 17);
    }

    private static void two(int value, byte[] dst, int off) {
        dst[off] = digit(value / 10);
        dst[off + 1] = digit(value % 10);
    }

    private static byte digit(int d) {
        return (byte) ('0' + d);
    }
}
