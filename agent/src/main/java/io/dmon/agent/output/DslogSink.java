package io.dmon.agent.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * dslog: sends each line to the system logger as one datagram, laid out as glibc's syslog(3)
 * (which DMon calls) lays it out for the local socket:
 *
 * <pre>{@code <PRI>Mmm dd HH:MM:SS NAME: LINE}</pre>
 *
 * <p>PRI is facility × 8 + priority; the time is local, day of month padded with a space, month
 * in English; no host name, no trailing newline. As in glibc, facility {@code kern} (0) cannot be
 * sent by a user process and becomes {@code user}.
 *
 * <p>A failed send is retried once (glibc reconnects and retries). If it fails again, with
 * {@code -c} the message goes to the console as {@code NAME: LINE\r\n}, as syslog(3)'s LOG_CONS
 * writes it; without, it is dropped, as syslog(3) drops it, and counted in {@link #dropped()}.
 */
public final class DslogSink extends WholeLineSink {
    /** Where {@code -c} writes when the logger cannot be reached. */
    public static final Path DEFAULT_CONSOLE = Path.of("/dev/console");
    private static final byte[][] MONTHS = new byte[12][];

    static {
        String[] names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        for (int i = 0; i < 12; i++) {
            MONTHS[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final SyslogTransport transport;
    private final Path console;
    private final boolean skipEmpty;
    private final Clock clock;
    /** {@code "<PRI>Mmm dd HH:MM:SS NAME: "} then the line; the time part is rewritten each second. */
    private byte[] datagram;
    private final int timeOffset;
    private final int tagOffset;
    private final int headerLength;
    private long headerSecond = Long.MIN_VALUE;
    private final ByteArrayOutputStream consoleText = new ByteArrayOutputStream();
    private long dropped;

    /** A sink for {@code options} that sends through {@code transport}, falling back to /dev/console. */
    public DslogSink(DslogOptions options, SyslogTransport transport) {
        this(options, transport, DEFAULT_CONSOLE, Clock.systemDefaultZone());
    }

    /** Same, with the console path and the clock (whose zone gives the local time) chosen. */
    public DslogSink(DslogOptions options, SyslogTransport transport, Path console, Clock clock) {
        this.transport = transport;
        this.console = options.console() ? console : null;
        this.skipEmpty = options.skipEmpty();
        this.clock = clock;
        int facility = options.facility() == 0 ? 1 : options.facility();
        byte[] pri = ("<" + (facility * 8 + options.priority()) + ">").getBytes(StandardCharsets.US_ASCII);
        byte[] tag = (options.name() + ": ").getBytes(StandardCharsets.UTF_8);
        this.timeOffset = pri.length;
        this.tagOffset = timeOffset + "Mmm dd HH:MM:SS ".length();
        this.headerLength = tagOffset + tag.length;
        this.datagram = new byte[headerLength + 1024];
        System.arraycopy(pri, 0, datagram, 0, pri.length);
        System.arraycopy(tag, 0, datagram, tagOffset, tag.length);
    }

    @Override
    protected void acceptLines(byte[] buf, int off, int len) throws IOException {
        refreshTime();
        int end = off + len;
        for (int p = off; p < end; ) {
            int eol = endOfLine(buf, p, end);
            int lineLength = eol - p;
            if (!(skipEmpty && lineLength == 0)) {
                send(buf, p, lineLength);
            }
            p = eol + 1;
        }
        writeConsole();
    }

    /** Nothing to reopen: each line is its own datagram. */
    @Override
    public void reopen() {
    }

    @Override
    public void close() throws IOException {
        writeConsole();
    }

    /** Lines lost because the logger could not be reached (and no console fallback was asked for or it failed). */
    public long dropped() {
        return dropped;
    }

    private void send(byte[] line, int off, int len) {
        if (datagram.length < headerLength + len) {
            byte[] bigger = new byte[Math.max(headerLength + len, datagram.length * 2)];
            System.arraycopy(datagram, 0, bigger, 0, headerLength);
            datagram = bigger;
        }
        System.arraycopy(line, off, datagram, headerLength, len);
        int n = headerLength + len;
        if (trySend(n) || trySend(n)) {
            return;
        }
        if (console == null) {
            dropped++;
            return;
        }
        consoleText.write(datagram, tagOffset, n - tagOffset);
        consoleText.write('\r');
        consoleText.write('\n');
    }

    private boolean trySend(int n) {
        try {
            transport.send(datagram, n);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Like LOG_CONS: best effort, the console being the last resort. */
    private void writeConsole() {
        if (consoleText.size() == 0) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(console, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            consoleText.writeTo(out);
        } catch (IOException e) {
            dropped += countLines(consoleText);
        }
        consoleText.reset();
    }

    private void refreshTime() {
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        if (second == headerSecond) {
            return;
        }
        headerSecond = second;
        LocalDateTime t = LocalDateTime.ofInstant(now, clock.getZone());
        int p = timeOffset;
        System.arraycopy(MONTHS[t.getMonthValue() - 1], 0, datagram, p, 3);
        int day = t.getDayOfMonth();
        datagram[p + 3] = ' ';
        datagram[p + 4] = day < 10 ? (byte) ' ' : (byte) ('0' + day / 10);
        datagram[p + 5] = (byte) ('0' + day % 10);
        datagram[p + 6] = ' ';
        two(t.getHour(), p + 7);
        datagram[p + 9] = ':';
        two(t.getMinute(), p + 10);
        datagram[p + 12] = ':';
        two(t.getSecond(), p + 13);
        datagram[p + 15] = ' ';
    }

    private void two(int value, int at) {
        datagram[at] = (byte) ('0' + value / 10);
        datagram[at + 1] = (byte) ('0' + value % 10);
    }

    private static int countLines(ByteArrayOutputStream text) {
        int lines = 0;
        for (byte b : text.toByteArray()) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
