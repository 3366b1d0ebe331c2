package io.dmon.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.wire.HostPort;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against real in-process channels; time is passed in, so only the dials are real. */
class PreferredProbeTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final String prefix = "probe-" + System.nanoTime() + "-";
    private final Map<HostPort, ManagedChannel> channels = new ConcurrentHashMap<>();
    private Server server;

    @AfterEach
    void close() throws InterruptedException {
        channels.values().forEach(ManagedChannel::shutdownNow);
        if (server != null) {
            server.shutdownNow().awaitTermination();
        }
    }

    private ManagedChannel channel(HostPort address) {
        return channels.computeIfAbsent(address, a -> InProcessChannelBuilder.forName(prefix + a).build());
    }

    private static OptionalInt awaitAnswer(PreferredProbe probe, long now) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        OptionalInt answer;
        while ((answer = probe.answering(now)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return answer;
    }

    @Test
    void noPreferredAddressNeverAnswers() {
        PreferredProbe probe = new PreferredProbe(List.of(), this::channel, 30 * SECOND, () -> 0.5, 0);
        assertThat(probe.answering(Long.MAX_VALUE / 2)).isEmpty();
    }

    @Test
    void anAddressThatCameUpAnswersOnlyAfterTheJitteredIntervalsDial() throws Exception {
        List<HostPort> preferred = HostPort.parseDialableList("a:1,b:2");
        server = InProcessServerBuilder.forName(prefix + "b:2").build().start();
        // Jitter 0.9: the first dial is due at 1.4 × 30 s.
        PreferredProbe probe = new PreferredProbe(preferred, this::channel, 30 * SECOND, () -> 0.9, 0);
        assertThat(probe.answering(41 * SECOND)).as("before its dial, even with b up").isEmpty();
        assertThat(channels).as("nothing dialled yet").isEmpty();

        assertThat(awaitAnswer(probe, 42 * SECOND)).as("b, second in the list, answers").hasValue(1);
    }

    @Test
    void anAddressStillDownDoesNotAnswer() throws Exception {
        PreferredProbe probe = new PreferredProbe(HostPort.parseDialableList("a:1"), this::channel, SECOND, () -> 0.0, 0);
        assertThat(probe.answering(SECOND)).isEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            assertThat(probe.answering(SECOND)).isEmpty();
            Thread.sleep(20);
        }
        server = InProcessServerBuilder.forName(prefix + "a:1").build().start();
        assertThat(awaitAnswer(probe, 2 * SECOND)).as("once up, at the next dial").hasValue(0);
    }
}
