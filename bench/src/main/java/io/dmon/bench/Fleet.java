package io.dmon.bench;

import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fleet on loopback for the fleet measurement: one {@code bin/dmon-coordinator} and a few
 * {@code bin/dmon-agent}s, each a JVM of its own (the launchers exec java, so a process's pid is its
 * JVM's), plus a gRPC channel to the coordinator for what the benchmark does in bulk (start and
 * stop many jobs, poll hosts) rather than through 100 dmonctl JVMs. {@link #close} stops everything
 * (TERM, grace, KILL; the agents run with --stop-jobs, so they stop their jobs on TERM).
 */
final class Fleet implements AutoCloseable {
    private static final long GRACE_MILLIS = 5_000;

    private final Bench bench;
    private final String address;
    private final Process coordinator;
    private final List<Process> agents = new ArrayList<>();
    private final List<List<String>> agentCommands = new ArrayList<>();
    private final ManagedChannel channel;
    private final FleetTls tls;
    private final Path operatorTls;

    private Fleet(Bench bench, String address, Process coordinator, FleetTls tls) throws IOException {
        this.bench = bench;
        this.address = address;
        this.coordinator = coordinator;
        this.tls = tls;
        this.operatorTls = tls == null ? null : tls.operator();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        this.channel = tls == null ? NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build()
                : NettyChannelBuilder.forAddress("127.0.0.1", port, tls.operatorCredentials()).build();
    }

    /**
     * Starts the coordinator (ready when {@code dmonctl hosts} exits 0) and agents a1..aN (ready
     * when the coordinator lists them UP), in plaintext.
     */
    static Fleet start(Bench b, int agentCount) throws IOException, InterruptedException {
        return start(b, agentCount, null);
    }

    /**
     * {@link #start(Bench, int)}, over mutual TLS when {@code tls} is given (every process with
     * its own certificate); the files of a TLS fleet are named apart ({@code tls-coordinator.log}).
     */
    static Fleet start(Bench b, int agentCount, FleetTls tls) throws IOException, InterruptedException {
        return start(b, agentCount, tls, List.of());
    }

    /** {@link #start(Bench, int, FleetTls)} with more options for the coordinator. */
    static Fleet start(Bench b, int agentCount, FleetTls tls, List<String> coordinatorOptions)
            throws IOException, InterruptedException {
        int grpcPort = freePort();
        int hazelcastPort = freePort();
        String address = "127.0.0.1:" + grpcPort;
        String prefix = tls == null ? "" : FleetTls.PREFIX;
        b.progress("fleet: coordinator on " + address + " (Hazelcast port " + hazelcastPort + ")"
                + (tls == null ? "" : ", mutual TLS"));
        List<String> coordinatorCommand = new ArrayList<>(List.of(b.launcher("dmon-coordinator").toString(), "--listen",
                address, "--hazelcast-port", Integer.toString(hazelcastPort)));
        if (tls != null) {
            coordinatorCommand.addAll(List.of("--tls-dir", tls.coordinator().toString()));
        }
        coordinatorCommand.addAll(coordinatorOptions);
        Process c = b.procs().start(coordinatorCommand, b.file(prefix + "coordinator.log"));
        Fleet fleet = new Fleet(b, address, c, tls);
        try {
            fleet.awaitCoordinator();
            for (int i = 1; i <= agentCount; i++) {
                String name = "a" + i;
                Path state = Files.createDirectories(b.file(prefix + "agent-" + name));
                List<String> agentCommand = new ArrayList<>(List.of(b.launcher("dmon-agent").toString(), "--name", name,
                        "--coordinator", address, "--state-dir", state.toString(), "--allow-root", "--stop-jobs"));
                if (tls != null) {
                    agentCommand.addAll(List.of("--tls-dir", tls.agent(name).toString()));
                }
                fleet.agents.add(b.procs().start(agentCommand, b.file(prefix + "agent-" + name + ".log")));
                fleet.agentCommands.add(agentCommand);
            }
            for (int i = 1; i <= agentCount; i++) {
                fleet.awaitUp("a" + i, 60_000);
            }
            return fleet;
        } catch (IOException | InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private void awaitCoordinator() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!coordinator.isAlive()) {
                throw new IOException("the coordinator exited with status " + coordinator.exitValue() + ": "
                        + Procs.lastLine(bench.file(prefix() + "coordinator.log")));
            }
            if (ctl(20_000, "hosts").exit == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("the coordinator did not answer 'dmonctl hosts' within 90 s: "
                + Procs.lastLine(bench.file(prefix() + "coordinator.log")));
    }

    /** Polls the coordinator's host list until {@code name} is UP. */
    void awaitUp(String name, long millis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (HostView h : operator().listHosts(ListHostsRequest.getDefaultInstance()).getHostsList()) {
                if (h.getName().equals(name) && h.getUp()) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("host " + name + " not UP within " + millis / 1000 + " s: "
                + Procs.lastLine(bench.file(prefix() + "agent-" + name + ".log")));
    }

    private String prefix() {
        return tls == null ? "" : FleetTls.PREFIX;
    }

    /** The coordinator's gRPC address, HOST:PORT. */
    String address() {
        return address;
    }

    long coordinatorPid() {
        return coordinator.pid();
    }

    /** The pid of agent a{@code n} (1-based). */
    long agentPid(int n) {
        return agents.get(n - 1).pid();
    }

    /** kill -9 of agent a{@code n} (1-based); returns once it is gone. Its jobs run on under their monitors. */
    void killAgent(int n) throws InterruptedException {
        Process p = agents.get(n - 1);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** TERM to agent a{@code n} without waiting for more than its exit (it leaves or stops its jobs as started). */
    void termAgent(int n) throws InterruptedException {
        Process p = agents.get(n - 1);
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /**
     * Agent a{@code n} started again with its first command line (same state directory, its log
     * appended), without {@code --stop-jobs} unless {@code stopJobs} (then a TERM leaves its jobs
     * running); returns at once.
     */
    Process restartAgent(int n, boolean stopJobs) throws IOException {
        List<String> cmd = new ArrayList<>(agentCommands.get(n - 1));
        if (!stopJobs) {
            cmd.remove("--stop-jobs");
        }
        Process p = bench.procs().start(cmd, bench.file(prefix() + "agent-a" + n + ".log"));
        agents.set(n - 1, p);
        return p;
    }

    /** An operator stub with a 30 s deadline (per call: take a fresh one for each call). */
    OperatorServiceBlockingStub operator() {
        return OperatorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    ManagedChannel channel() {
        return channel;
    }

    /** {@code bin/dmonctl --coordinator ADDRESS args...}. */
    List<String> dmonctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of(bench.launcher("dmonctl").toString(), "--coordinator", address));
        if (tls != null) {
            cmd.addAll(List.of("--tls-dir", operatorTls.toString()));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs dmonctl to its exit (killed after {@code limitMillis}); its output and wall time. */
    Ctl ctl(long limitMillis, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(dmonctl(args)).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long printed = 0;
        try (InputStream in = p.getInputStream()) {
            int first = in.read();
            if (first >= 0) {
                printed = System.nanoTime();
                out.write(first);
                in.transferTo(out);
            }
            if (!p.waitFor(limitMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Ctl(-1, t0, printed, System.nanoTime(), out.toString(StandardCharsets.UTF_8));
            }
        }
        return new Ctl(p.exitValue(), t0, printed, System.nanoTime(), out.toString(StandardCharsets.UTF_8));
    }

    /** Asks the coordinator to stop these jobs (one RPC); failures are reported, not thrown. */
    void stopJobs(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            operator().stop(JobsRequest.newBuilder().addAllJobIds(ids).build());
        } catch (RuntimeException e) {
            bench.progress("fleet: stopping " + ids.size() + " jobs failed: " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        for (Process a : agents) {
            bench.procs().stop(a, GRACE_MILLIS);
        }
        bench.procs().stop(coordinator, GRACE_MILLIS);
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A finished dmonctl: exit status (-1 when killed at its limit), System.nanoTime just before it
     * was started, when its first output byte was read (0 if none), and when its exit was seen (its
     * stdout closed and waitFor returned), its output (stdout and stderr).
     */
    record Ctl(int exit, long started, long printed, long ended, String output) {
        double millis() {
            return (ended - started) / 1e6;
        }

        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }
}
