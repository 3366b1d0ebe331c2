package io.dmon.agent.output;

import static io.dmon.agent.output.TestFiles.accept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmon.spec.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DslogSinkTest {
    private static final Instant T0 = Instant.parse("2026-11-23T19:27:30Z");

    @TempDir
    Path dir;

    /** Collects datagrams; fails the first {@code failures} sends. */
    static final class ListTransport implements SyslogTransport {
        final List<String> datagrams = new ArrayList<>();
        int failures;
        int attempts;

        @Override
        public void send(byte[] datagram, int len) throws IOException {
            attempts++;
            if (failures > 0) {
                failures--;
                throw new IOException("logger down");
            }
            datagrams.add(new String(datagram, 0, len, StandardCharsets.UTF_8));
        }
    }

    private DslogSink sink(DslogOptions options, ListTransport transport, Instant now) {
        return new DslogSink(options, transport, dir.resolve("console"), new MutableClock(now, ZoneId.of("UTC")));
    }

    @Test
    void eachLineIsOneDatagramLaidOutAsGlibcSyslog() throws IOException {
        ListTransport t = new ListTransport();
        try (DslogSink sink = sink(DslogOptions.defaults("web"), t, T0)) {
            accept(sink, "hello world\n\n  indented\n");
        }
        assertThat(t.datagrams).containsExactly(
                "<28>Nov 23 19:27:30 web: hello world",
                "<28>Nov 23 19:27:30 web: ",
                "<28>Nov 23 19:27:30 web:   indented");
    }

    @Test
    void dayOfMonthIsPaddedWithASpaceAndTimeIsLocal() throws IOException {
        ListTransport t = new ListTransport();
        Instant early = Instant.parse("2026-03-03T23:05:09Z");
        DslogSink sink = new DslogSink(DslogOptions.defaults("x"), t, dir.resolve("console"),
                new MutableClock(early, ZoneId.of("Europe/Madrid")));
        accept(sink, "a\n");
        assertThat(t.datagrams).containsExactly("<28>Mar  4 00:05:09 x: a");
    }

    @Test
    void priorityIsFacilityTimesEightPlusPriority() throws IOException, SpecException {
        ListTransport t = new ListTransport();
        DslogOptions options = new DslogOptions("db", SyslogNames.facility("-f", "LOCAL3"),
                SyslogNames.priority("-p", "Info"), false, false);
        try (DslogSink sink = sink(options, t, T0)) {
            accept(sink, "up\n");
        }
        assertThat(t.datagrams).containsExactly("<158>Nov 23 19:27:30 db: up");
    }

    @Test
    void kernFacilityIsSentAsUserAsGlibcDoes() throws IOException, SpecException {
        ListTransport t = new ListTransport();
        DslogOptions options = new DslogOptions("k", SyslogNames.facility("-f", "kern"),
                SyslogNames.priority("-p", "err"), false, false);
        try (DslogSink sink = sink(options, t, T0)) {
            accept(sink, "oops\n");
        }
        assertThat(t.datagrams).containsExactly("<11>Nov 23 19:27:30 k: oops");
    }

    @Test
    void skipEmptyDropsEmptyLinesOnly() throws IOException {
        ListTransport t = new ListTransport();
        try (DslogSink sink = sink(new DslogOptions("n", 3, 4, false, true), t, T0)) {
            accept(sink, "\n \n\nz\n");
        }
        assertThat(t.datagrams).containsExactly("<28>Nov 23 19:27:30 n:  ", "<28>Nov 23 19:27:30 n: z");
    }

    @Test
    void aFailedSendIsRetriedOnce() throws IOException {
        ListTransport t = new ListTransport();
        t.failures = 1;
        try (DslogSink sink = sink(new DslogOptions("n", 3, 4, true, false), t, T0)) {
            accept(sink, "saved\n");
            assertThat(sink.dropped()).isZero();
        }
        assertThat(t.datagrams).containsExactly("<28>Nov 23 19:27:30 n: saved");
        assertThat(dir.resolve("console")).doesNotExist();
    }

    @Test
    void withConsoleAnUnreachableLoggerSendsTheLineToTheConsole() throws IOException {
        Path console = dir.resolve("console");
        Files.createFile(console);
        ListTransport t = new ListTransport();
        t.failures = Integer.MAX_VALUE;
        try (DslogSink sink = sink(new DslogOptions("n", 3, 4, true, false), t, T0)) {
            accept(sink, "first\nsecond\n");
            assertThat(sink.dropped()).isZero();
        }
        assertThat(t.attempts).isEqualTo(4);
        assertThat(Files.readString(console)).isEqualTo("n: first\r\nn: second\r\n");
    }

    @Test
    void withoutConsoleAnUnreachableLoggerDropsAndCountsTheLine() throws IOException {
        ListTransport t = new ListTransport();
        t.failures = Integer.MAX_VALUE;
        try (DslogSink sink = sink(DslogOptions.defaults("n"), t, T0)) {
            accept(sink, "lost\nlost too\n");
            assertThat(sink.dropped()).isEqualTo(2);
        }
        assertThat(dir.resolve("console")).doesNotExist();
    }

    @Test
    void aLongLineGrowsTheDatagram() throws IOException {
        ListTransport t = new ListTransport();
        String big = "b".repeat(5000);
        try (DslogSink sink = sink(DslogOptions.defaults("n"), t, T0)) {
            accept(sink, big + "\nsmall\n");
        }
        assertThat(t.datagrams).containsExactly("<28>Nov 23 19:27:30 n: " + big, "<28>Nov 23 19:27:30 n: small");
    }

    @Test
    void namesAreSyslogsWithoutLogInAnyCaseWithDmonsAliases() throws SpecException {
        assertThat(SyslogNames.facility("-f", "daemon")).isEqualTo(3);
        assertThat(SyslogNames.facility("-f", "AUTH")).isEqualTo(10);
        assertThat(SyslogNames.facility("-f", "printer")).isEqualTo(6);
        assertThat(SyslogNames.facility("-f", "Local7")).isEqualTo(23);
        assertThat(SyslogNames.priority("-p", "EMERGENCY")).isZero();
        assertThat(SyslogNames.priority("-p", "warn")).isEqualTo(4);
        assertThat(SyslogNames.priority("-p", "debug")).isEqualTo(7);
        assertThatThrownBy(() -> SyslogNames.facility("-f", "LOG_DAEMON")).isInstanceOf(SpecException.class)
                .hasMessage("option -f: unknown facility 'LOG_DAEMON'");
        assertThatThrownBy(() -> SyslogNames.priority("-p", "loud")).isInstanceOf(SpecException.class)
                .hasMessage("option -p: unknown priority 'loud'");
    }

    @Test
    void theSocketPathComesFromDslogSocketOrDefaultsToDevLog() {
        assertThat(UnixSyslogTransport.fromEnvironment(java.util.Map.of(), null).path()).isEqualTo("/dev/log");
        assertThat(UnixSyslogTransport.fromEnvironment(java.util.Map.of("DSLOG_SOCKET", "/run/x.sock"), null).path())
                .isEqualTo("/run/x.sock");
    }
}
