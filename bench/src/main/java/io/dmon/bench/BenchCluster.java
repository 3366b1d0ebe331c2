package io.dmon.bench;

import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.ListHostsRequest;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Coordinators in one Hazelcast cluster on loopback ({@code bin/dmon-coordinator} with
 * {@code --peers}, each its own JVM, killable with -9) and agents that know all of them, for the
 * failover measurement. One gRPC channel per coordinator for polling; {@link #close} stops
 * everything (agents first, TERM then KILL).
 */
final class BenchCluster implements AutoCloseable {
    private static final long GRACE_MILLIS = 5_000;

    private final Bench bench;
    private final String tag;
    private final int backupCount;
    private final int[] grpcPorts;
    private final int[] hazelcastPorts;
    private final Process[] coordinators;
    private final ManagedChannel[] channels;
    private final List<Process> agents = new ArrayList<>();

    private BenchCluster(Bench bench, String tag, int size, int backupCount) throws IOException {
        this.bench = bench;
        this.tag = tag;
        this.backupCount = backupCount;
        this.grpcPorts = new int[size];
        this.hazelcastPorts = new int[size];
        this.coordinators = new Process[size];
        this.channels = new ManagedChannel[size];
        for (int i = 0; i < size; i++) {
            grpcPorts[i] = Fleet.freePort();
            hazelcastPorts[i] = Fleet.freePort();
            channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", grpcPorts[i]).usePlaintext().build();
        }
    }

    /** {@code size} coordinators with {@code --backup-count backupCount}, started one after the other. */
    static BenchCluster start(Bench b, String tag, int size, int backupCount) throws IOException, InterruptedException {
        BenchCluster c = new BenchCluster(b, tag, size, backupCount);
        try {
            for (int i = 0; i < size; i++) {
                c.startCoordinator(i);
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    int size() {
        return coordinators.length;
    }

    String address(int i) {
        return "127.0.0.1:" + grpcPorts[i];
    }

    /** Every coordinator's address, comma-separated, in index order. */
    String addresses() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            all.add(address(i));
        }
        return String.join(",", all);
    }

    int indexOf(String address) {
        for (int i = 0; i < size(); i++) {
            if (address(i).equals(address)) {
                return i;
            }
        }
        return -1;
    }

    boolean alive(int i) {
        return coordinators[i] != null && coordinators[i].isAlive();
    }

    /** Coordinator {@code i} (again), with the others as peers; returns once it answers ListHosts. */
    void startCoordinator(int i) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bench.launcher("dmon-coordinator").toString(), "--listen", address(i),
                "--hazelcast-port", Integer.toString(hazelcastPorts[i]), "--backup-count", Integer.toString(backupCount)));
        List<String> peers = new ArrayList<>();
        for (int j = 0; j < size(); j++) {
            if (j != i) {
                peers.add("127.0.0.1:" + hazelcastPorts[j]);
            }
        }
        if (!peers.isEmpty()) {
            cmd.addAll(List.of("--peers", String.join(",", peers)));
        }
        Path log = bench.file(tag + "-coordinator-" + i + ".log");
        coordinators[i] = bench.procs().start(cmd, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!coordinators[i].isAlive()) {
                throw new IOException("coordinator " + i + " exited with status " + coordinators[i].exitValue() + ": "
                        + Procs.lastLine(log));
            }
            try {
                operator(i).listHosts(ListHostsRequest.getDefaultInstance());
                return;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("coordinator " + i + " did not answer within 90 s: " + Procs.lastLine(log));
    }

    /** kill -9 of coordinator {@code i}; returns once it is gone. */
    void kill9(int i) throws InterruptedException {
        coordinators[i].destroyForcibly();
        coordinators[i].waitFor(30, TimeUnit.SECONDS);
    }

    /** Agent {@code name} knowing every coordinator (extra options appended); returns once it is UP. */
    Path startAgent(String name, String... extra) throws IOException, InterruptedException {
        Path state = Files.createDirectories(bench.file(tag + "-agent-" + name));
        List<String> cmd = new ArrayList<>(List.of(bench.launcher("dmon-agent").toString(), "--name", name,
                "--coordinator", addresses(), "--state-dir", state.toString(), "--allow-root", "--stop-jobs"));
        cmd.addAll(List.of(extra));
        agents.add(bench.procs().start(cmd, bench.file(tag + "-agent-" + name + ".log")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (host(name).filter(HostView::getUp).isPresent()) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new IOException("agent " + name + " not UP within 60 s: " + Procs.lastLine(bench.file(tag + "-agent-" + name + ".log")));
    }

    /** The host as the first coordinator that answers sees it. */
    Optional<HostView> host(String name) {
        for (int i = 0; i < size(); i++) {
            if (alive(i)) {
                Optional<HostView> h = hostVia(i, name);
                if (h.isPresent()) {
                    return h;
                }
            }
        }
        return Optional.empty();
    }

    /** The host as coordinator {@code i} sees it; empty when it does not answer or does not know it. */
    Optional<HostView> hostVia(int i, String name) {
        try {
            return operator(i).listHosts(ListHostsRequest.getDefaultInstance()).getHostsList().stream()
                    .filter(h -> h.getName().equals(name)).findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An operator stub for coordinator {@code i} with a 30 s deadline (take a fresh one per call). */
    OperatorServiceBlockingStub operator(int i) {
        return OperatorServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    ManagedChannel channel(int i) {
        return channels[i];
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (Process a : agents) {
            bench.procs().stop(a, GRACE_MILLIS);
        }
        // The members go at once: a graceful leave would migrate partitions to members leaving too.
        for (int i = 0; i < size(); i++) {
            if (alive(i)) {
                coordinators[i].destroyForcibly();
            }
        }
        for (int i = 0; i < size(); i++) {
            if (coordinators[i] != null) {
                coordinators[i].waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
