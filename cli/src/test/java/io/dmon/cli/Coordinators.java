package io.dmon.cli;

import io.dmon.cli.client.OperatorChannelFactory;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * In-process coordinators for tests, and a way to run dmonctl against them: each coordinator is
 * an in-process gRPC server whose name is a {@code HOST:PORT} address, so dmonctl's own address
 * handling and failover run unchanged. An address with no server behind it is UNAVAILABLE, like a
 * coordinator that is down.
 */
public final class Coordinators implements AutoCloseable {
    private final String prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Server> servers = new ArrayList<>();
    private final Map<String, FakeCoordinator> fakes = new HashMap<>();

    /** Starts a fake coordinator and returns it; {@link #address(String)} names it. */
    public FakeCoordinator start(String name) {
        FakeCoordinator fake = new FakeCoordinator();
        try {
            servers.add(InProcessServerBuilder.forName(address(name)).addService(fake).build().start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fakes.put(name, fake);
        return fake;
    }

    /** The address of the coordinator called {@code name}, started or not. */
    public String address(String name) {
        return prefix + "-" + name + ":7700";
    }

    /** Channels to in-process servers. */
    public OperatorChannelFactory channels() {
        return address -> InProcessChannelBuilder.forName(address).directExecutor().build();
    }

    /** A context for dmonctl: captured output, no terminal, a fixed clock, quick polls. */
    public CliContext.Builder context(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return CliContext.builder()
                .out(out)
                .err(err)
                .channels(channels())
                .clock(Clock.fixed(java.time.Instant.ofEpochMilli(NOW), java.time.ZoneOffset.UTC))
                .pollInterval(Duration.ofSeconds(30))
                .settle(Duration.ZERO);
    }

    /** The fixed "now" of test contexts. */
    public static final long NOW = 1_800_000_000_000L;

    /** What one dmonctl invocation did. */
    public record Result(int status, byte[] outBytes, String err) {
        public String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }
    }

    /** Runs dmonctl with {@code --coordinator} set to the named coordinators, in order. */
    public Result run(List<String> coordinators, Consumer<CliContext.Builder> tune, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext.Builder context = context(out, err);
        tune.accept(context);
        List<String> argv = new ArrayList<>();
        argv.add("--coordinator");
        argv.add(String.join(",", coordinators.stream().map(this::address).toList()));
        argv.addAll(List.of(args));
        int status = DmonCtl.execute(context.build(), argv.toArray(new String[0]));
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs dmonctl against the coordinator called "a". */
    public Result run(String... args) {
        return run(List.of("a"), c -> { }, args);
    }

    public FakeCoordinator fake(String name) {
        return fakes.get(name);
    }

    @Override
    public void close() {
        for (Server server : servers) {
            server.shutdownNow();
        }
        try {
            for (Server server : servers) {
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
