package io.dmon.deploy;

import static io.dmon.deploy.Fleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.cli.client.OperatorChannelFactory;
import io.dmon.cli.client.ServerStream;
import io.dmon.cli.client.OperatorClient;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.trust.tls.MutualTls;
import io.dmon.trust.tls.TlsMaterial;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code dmonctl logs}' readers against a real coordinator and agent: {@code --since} keeps only
 * the lines written since then, the coordinator filtering them and reading the part older than
 * its ring (here 100 lines) from the host's store; {@code --json} and {@code --timestamps}
 * say each line's job, host, seq and time; the lines' control characters are made visible on a
 * terminal, and dmonctl writing into a pipe passes every byte as the job wrote it, with
 * {@code --raw} and without.
 */
class LogReadersIT extends FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String JOB = "phases@h1";
    private static final int NEW_LINES = 300;
    private static final Pattern TIMESTAMPED = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (.*)");

    @Test
    void sinceTimestampsJsonAndTerminalSafetyEndToEnd() throws Exception {
        fleet = new Fleet(dir).coordinatorOptions("--log-capacity", "100");
        fleet.startCoordinators();
        fleet.startAgent("h1", "role=a");
        Path go = dir.resolve("go");
        // 500 old lines, then (once the test says) 300 new ones, one with an escape sequence and
        // a tab, one with bytes that are not UTF-8.
        String script = "seq -f 'old %g' 500; while [ ! -e " + go + " ]; do sleep 0.05; done; "
                + "seq -f 'new %g' " + NEW_LINES + "; printf 'esc\\033[31mred\\tx\\n'; printf 'bin\\377\\376\\n'";
        assertThat(fleet.ctl("run", "--host", "h1", "--name", "phases", "-1", "sh", "-c", script).exit()).isZero();
        await("the old lines stored", WAIT, () -> fleet.ctl("logs", "-n", "1", JOB).out().equals("old 500\n"));
        // Every old line was stamped by now; every new one will be stamped after the go file.
        long stored = System.currentTimeMillis();
        while (System.currentTimeMillis() <= stored) {
            Thread.onSpinWait();
        }
        long since = stored + 1;
        String sinceText = Instant.ofEpochMilli(since).toString();
        Files.createFile(go);
        await("the job completed", WAIT, () -> fleet.ctl("ps").out().contains("COMPLETED"));
        await("the last line stored", WAIT, () -> fleet.ctl("logs", "-n", "1", JOB).out().startsWith("bin"));

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 1; i <= NEW_LINES; i++) {
            expected.writeBytes(("new " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        expected.writeBytes("esc\u001b[31mred\tx\n".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(new byte[] {'b', 'i', 'n', (byte) 0xff, (byte) 0xfe, '\n'});

        // The coordinator itself sends nothing older, though 202 of the lines are older than its ring.
        List<LogLine> sent = chunks(LogsRequest.newBuilder().addJobIds(JOB).setTail(-1).setSinceUnixMs(since).build());
        assertThat(sent).hasSize(NEW_LINES + 2).allSatisfy(l -> assertThat(l.getUnixMs()).isGreaterThanOrEqualTo(since));
        assertThat(sent.get(0).getSeq()).isEqualTo(501);

        // Into a pipe, every byte as the job wrote it, with --raw and without; and nothing skipped.
        assertThat(piped("logs", "--since", sinceText, JOB)).isEqualTo(expected.toByteArray());
        assertThat(piped("logs", "--since", sinceText, "--raw", "-n", "all", JOB)).isEqualTo(expected.toByteArray());
        String errors = Files.exists(dir.resolve("dmonctl.err")) ? Files.readString(dir.resolve("dmonctl.err")) : "";
        assertThat(errors).doesNotContain("skipped");

        // -n counts among the lines since then; -f ends at once for a job that has finished.
        assertThat(fleet.ctl("logs", "--since", sinceText, "-n", "3", "-f", JOB).out())
                .isEqualTo("new 300\nesc\u001b[31mred\tx\nbin\ufffd\ufffd\n");
        // A time in the operator's zone (the test JVM's), to the second: the same instant or earlier.
        String local = java.time.LocalDateTime.ofInstant(Instant.ofEpochMilli(since), java.time.ZoneId.systemDefault())
                .withNano(0).toString();
        assertThat(fleet.ctl("logs", "--since", local, "-n", "1", JOB).out()).startsWith("bin");

        // On a terminal the escape sequence is shown, not obeyed; --raw passes it.
        Fleet.Ctl shown = fleet.ctlOnTerminal("logs", "--since", sinceText, "-n", "3", JOB);
        assertThat(shown.out()).isEqualTo("new 300\nesc\\e[31mred\tx\nbin\ufffd\ufffd\n");
        assertThat(fleet.ctlOnTerminal("logs", "--raw", "--since", sinceText, "-n", "3", JOB).out())
                .contains("esc\u001b[31mred");

        // --timestamps: each line's time, in order, none before --since.
        List<String> stamped = fleet.ctl("logs", "--timestamps", "--since", sinceText, JOB).out().lines().toList();
        assertThat(stamped).hasSize(NEW_LINES + 2);
        long previous = since;
        for (String line : stamped) {
            Matcher m = TIMESTAMPED.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            long at = Instant.parse(m.group(1)).toEpochMilli();
            assertThat(at).as(line).isGreaterThanOrEqualTo(previous);
            previous = at;
        }
        assertThat(stamped.get(0)).endsWith(" new 1");

        // --json: one object per line with the job, its host, run, seq, time and the exact line.
        List<String> objects = fleet.ctl("logs", "--json", "--since", sinceText, JOB).out().lines().toList();
        assertThat(objects).hasSize(NEW_LINES + 2);
        assertThat(objects.get(0)).startsWith("{\"job\":\"phases@h1\",\"host\":\"h1\",\"run\":1,\"seq\":501,\"time\":\"")
                .endsWith(",\"stream\":\"stdout\",\"line\":\"new 1\"}");
        assertThat(objects.get(NEW_LINES)).contains("\"seq\":801,").endsWith("\"line\":\"esc\\u001b[31mred\\tx\"}");
        assertThat(objects.get(NEW_LINES + 1)).contains("\"seq\":802,").endsWith("\"line\":\"bin\\udcff\\udcfe\"}");
    }

    /** The lines LogChunks sends for {@code request}, straight from the coordinator. */
    private List<LogLine> chunks(LogsRequest request) throws Exception {
        List<LogLine> lines = new ArrayList<>();
        OperatorChannelFactory tls = OperatorChannelFactory.withCredentials(MutualTls.shortLivedChannelCredentials(
                TlsMaterial.follow(fleet.ctlTlsDir())));
        try (OperatorClient client = new OperatorClient(List.of(fleet.address(0)), tls, Duration.ofSeconds(10));
             ServerStream<LogChunk> stream = client.logChunks(request)) {
            for (LogChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
                assertThat(chunk.getSkippedList()).isEmpty();
                lines.addAll(chunk.getLinesList());
            }
        }
        return lines;
    }

    /** dmonctl as a process of its own, its standard output a pipe read to the end. */
    private byte[] piped(String... args) throws Exception {
        Process ctl = fleet.ctlProcess(args);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return ctl.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(ctl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(ctl.exitValue()).isZero();
        return out.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
