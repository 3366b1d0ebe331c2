package io.dmon.deploy;

import io.dmon.agent.tools.AgentCommand;
import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.coordinator.CoordinatorCommand;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsMaterialException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A fleet on loopback for end-to-end tests: coordinators (one, or several forming one Hazelcast
 * cluster, each with the others as {@code --peers}) and agents as real JVMs of their own (so they
 * can be killed with -9), dmonctl called in this JVM, jobs as real processes. Agents and dmonctl
 * know every coordinator, in index order. Every hop is mutual TLS, as in production: the fleet
 * has its own CA, each coordinator and agent its certificate, and dmonctl an admin's.
 */
final class Fleet implements AutoCloseable {
    record Ctl(int exit, String out, String err) { }

    final Path dir;
    final int grpcPort;
    final int hazelcastPort;
    private final int[] grpcPorts;
    private final int[] hazelcastPorts;
    private final Process[] coordinators;
    private final List<String> coordinatorArgs = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Set<String> agents = new java.util.LinkedHashSet<>();
    private final CertificateAuthority authority = CertificateAuthority.create();
    private final Path ca;
    private final Path adminTls;

    /** A fleet with one coordinator. */
    Fleet(Path dir) throws IOException {
        this(dir, 1);
    }

    /** A fleet with {@code coordinators} coordinators in one cluster (started by {@link #startCoordinators()}). */
    Fleet(Path dir, int coordinators) throws IOException {
        this.dir = dir;
        this.grpcPorts = new int[coordinators];
        this.hazelcastPorts = new int[coordinators];
        this.coordinators = new Process[coordinators];
        for (int i = 0; i < coordinators; i++) {
            grpcPorts[i] = ListenPorts.free();
            hazelcastPorts[i] = ListenPorts.free();
        }
        this.grpcPort = grpcPorts[0];
        this.hazelcastPort = hazelcastPorts[0];
        this.ca = dir.resolve("tls").resolve("ca");
        authority.createCa(ca);
        this.adminTls = tlsDir(new Principal(Role.ADMIN, "fleet-test"));
    }

    /** The TLS directory of {@code principal}, its certificate issued on first use (127.0.0.1 in its SANs). */
    Path tlsDir(Principal principal) throws IOException {
        Path out = dir.resolve("tls").resolve(principal.role().word() + "-" + principal.name());
        if (!Files.exists(out.resolve("key.pem"))) {
            try {
                authority.issue(ca, principal, List.of("127.0.0.1"), List.of("localhost"), Duration.ofDays(1), out);
            } catch (TlsMaterialException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return out;
    }

    /** The TLS directory dmonctl uses: an admin's. */
    Path ctlTlsDir() {
        return adminTls;
    }

    /** Extra options for every coordinator started from now on ({@code --log-capacity 100000}). */
    Fleet coordinatorOptions(String... args) {
        coordinatorArgs.addAll(List.of(args));
        return this;
    }

    int size() {
        return coordinators.length;
    }

    /** Every coordinator's gRPC address, comma-separated, in index order (the agents' and dmonctl's list). */
    String address() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < coordinators.length; i++) {
            all.add(address(i));
        }
        return String.join(",", all);
    }

    /** Coordinator {@code i}'s gRPC address. */
    String address(int i) {
        return "127.0.0.1:" + grpcPorts[i];
    }

    /** The index of the coordinator at gRPC address {@code address}, -1 when none is. */
    int indexOf(String address) {
        for (int i = 0; i < coordinators.length; i++) {
            if (address(i).equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /** The first coordinator (again, after a kill: with empty memory unless others kept the cluster). */
    Process startCoordinator() throws Exception {
        return startCoordinator(0);
    }

    /**
     * Every coordinator not running, one after the other: each joins those already up (two
     * members starting at once would each wait out the other's refusals).
     */
    void startCoordinators() throws Exception {
        for (int i = 0; i < coordinators.length; i++) {
            if (coordinators[i] == null || !coordinators[i].isAlive()) {
                startCoordinator(i);
            }
        }
    }

    /** Coordinator {@code i}, with every other one as its peer; returns once it answers dmonctl. */
    Process startCoordinator(int i) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", address(i), "--hazelcast-port",
                Integer.toString(hazelcastPorts[i]), "--tls-dir", tlsDir(new Principal(Role.COORDINATOR, "c" + i)).toString()));
        List<String> peers = new ArrayList<>();
        for (int j = 0; j < coordinators.length; j++) {
            if (j != i) {
                peers.add("127.0.0.1:" + hazelcastPorts[j]);
            }
        }
        if (!peers.isEmpty()) {
            args.addAll(List.of("--peers", String.join(",", peers)));
        }
        args.addAll(coordinatorArgs);
        String name = coordinators.length == 1 ? "coordinator" : "coordinator-" + i;
        coordinators[i] = start(name, CoordinatorCommand.class,
                Map.of(), List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
                        "java.base/sun.nio.ch=ALL-UNNAMED"), args.toArray(new String[0]));
        Process started = coordinators[i];
        try {
            await("coordinator " + address(i) + " answers", Duration.ofSeconds(60), () -> {
                if (!started.isAlive()) {
                    throw new AssertionError("coordinator " + address(i) + " ended with " + started.exitValue()
                            + " before it answered");
                }
                return ctlVia(i, "hosts").exit() == 0;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the last lines of " + name + ".log:\n" + logTail(name, 30), e);
        }
        return coordinators[i];
    }

    /** The last {@code lines} lines of process {@code name}'s log, for the reader of a failure. */
    private String logTail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve(name + ".log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    Process coordinator() {
        return coordinators[0];
    }

    Process coordinator(int i) {
        return coordinators[i];
    }

    /**
     * An agent named {@code name}, with its own state directory, load file and pressure directory
     * (calm: every average 0, until {@link #setIoPressure}), that may run root jobs.
     */
    Process startAgent(String name, String labels, String... extraArgs) throws Exception {
        return startAgent(name, labels, true, extraArgs);
    }

    /** An agent named {@code name}; {@code allowRoot}: started with --allow-root (the tests run as root). */
    Process startAgent(String name, String labels, boolean allowRoot, String... extraArgs) throws Exception {
        return startAgent(name, labels, allowRoot, List.of(), extraArgs);
    }

    /** An agent named {@code name} whose JVM gets {@code jvmFlags} too (a heap limit, say). */
    Process startAgent(String name, String labels, boolean allowRoot, List<String> jvmFlags, String... extraArgs)
            throws Exception {
        Path state = dir.resolve(name);
        Files.createDirectories(state);
        agents.add(name);
        Path load = loadFile(name);
        if (!Files.exists(load)) {
            setLoad(name, 0.1);
        }
        if (!Files.exists(pressureDir(name))) {
            setIoPressure(name, 0);
        }
        List<String> args = new ArrayList<>(List.of("--name", name, "--coordinator", address(), "--state-dir",
                state.toString(), "--labels", labels, "--tls-dir", tlsDir(new Principal(Role.AGENT, name)).toString()));
        if (allowRoot) {
            args.add("--allow-root");
        }
        args.addAll(List.of(extraArgs));
        Process p = start("agent-" + name, AgentCommand.class, Map.of("DMON_LOADAVG_FILE", load.toString(),
                "DMON_PRESSURE_DIR", pressureDir(name).toString()), jvmFlags, args.toArray(new String[0]));
        await("agent " + name + " UP", Duration.ofSeconds(60), () -> ctl("hosts").out().lines()
                .anyMatch(l -> l.startsWith(name + " ") && l.contains(" UP ")));
        return p;
    }

    /**
     * An agent named {@code name} started through a distribution's launcher ({@code DIST/bin/dmon-agent}),
     * as an operator runs it; returns once the coordinator lists it UP.
     */
    Process startAgentFrom(Path distribution, String name, String labels, String... extraArgs) throws Exception {
        Path state = dir.resolve(name);
        Files.createDirectories(state);
        agents.add(name);
        Path load = loadFile(name);
        if (!Files.exists(load)) {
            setLoad(name, 0.1);
        }
        List<String> cmd = new ArrayList<>(List.of(distribution.resolve("bin/dmon-agent").toString(), "--name", name,
                "--coordinator", address(), "--state-dir", state.toString(), "--labels", labels, "--tls-dir",
                tlsDir(new Principal(Role.AGENT, name)).toString(), "--allow-root"));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent-" + name + ".log").toFile()));
        pb.environment().remove("DMON_COORDINATOR");
        pb.environment().remove("DMON_TLS_DIR");
        pb.environment().put("DMON_LOADAVG_FILE", load.toString());
        Process p = pb.start();
        processes.add(p);
        await("agent " + name + " UP", Duration.ofSeconds(60), () -> ctl("hosts").out().lines()
                .anyMatch(l -> l.startsWith(name + " ") && l.contains(" UP ")));
        return p;
    }

    Path loadFile(String agent) {
        return dir.resolve(agent + ".loadavg");
    }

    void setLoad(String agent, double load) throws IOException {
        Path tmp = dir.resolve(agent + ".loadavg.tmp");
        Files.writeString(tmp, load + " " + load + " " + load + " 1/100 1\n");
        Files.move(tmp, loadFile(agent), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The agent's pressure directory ({@code DMON_PRESSURE_DIR}): cpu, io and memory in the kernel's format. */
    Path pressureDir(String agent) {
        return dir.resolve(agent + ".pressure");
    }

    /** Writes the agent's pressure files: io's some line at {@code ioSomeAvg10} percent, the rest 0. */
    void setIoPressure(String agent, double ioSomeAvg10) throws IOException {
        Path pressure = Files.createDirectories(pressureDir(agent));
        String calm = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
        for (String resource : List.of("cpu", "memory")) {
            if (!Files.exists(pressure.resolve(resource))) {
                Files.writeString(pressure.resolve(resource), calm);
            }
        }
        Path tmp = pressure.resolve("io.tmp");
        Files.writeString(tmp, String.format(java.util.Locale.ROOT, "some avg10=%.2f avg60=0.00 avg300=0.00 total=1%n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0%n", ioSomeAvg10));
        Files.move(tmp, pressure.resolve("io"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** dmonctl, in this JVM, against this fleet's coordinators (the next when one does not answer). */
    Ctl ctl(String... args) {
        return ctlAt(address(), adminTls, args);
    }

    /** dmonctl as {@link #ctl} does, with its standard output and error on a terminal. */
    Ctl ctlOnTerminal(String... args) {
        return ctlAt(address(), adminTls, c -> c.terminal(io.dmon.cli.Terminal.fixed(80)), args);
    }

    /** dmonctl against coordinator {@code i} only. */
    Ctl ctlVia(int i, String... args) {
        return ctlAt(address(i), adminTls, args);
    }

    /** dmonctl with the TLS directory {@code tls}, or in plaintext when it is null. */
    Ctl ctlAs(Path tls, String... args) {
        return ctlAt(address(), tls, args);
    }

    /**
     * dmonctl (as the fleet's admin) as a JVM of its own (so that it can be sent signals), its
     * output appended to {@code name.log}.
     */
    Process startCtl(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--coordinator", address(), "--timeout", "10s"));
        if (adminTls != null) {
            all.addAll(List.of("--tls-dir", adminTls.toString()));
        }
        all.addAll(List.of(args));
        return start(name, DmonCtl.class, Map.of(), List.of(), all.toArray(new String[0]));
    }

    private Ctl ctlAt(String addresses, Path tls, String... args) {
        return ctlAt(addresses, tls, c -> { }, args);
    }

    private Ctl ctlAt(String addresses, Path tls, java.util.function.Consumer<CliContext.Builder> tune, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--coordinator", addresses, "--timeout", "5s"));
        if (tls != null) {
            all.addAll(List.of("--tls-dir", tls.toString()));
        }
        all.addAll(List.of(args));
        CliContext.Builder context = CliContext.builder().out(out).err(err).env(Map.of());
        tune.accept(context);
        int exit = DmonCtl.execute(context.build(), all.toArray(new String[0]));
        return new Ctl(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * dmonctl as a process of its own against every coordinator, its standard output a pipe the
     * test reads (as slowly as it likes), its errors in {@code dmonctl.err}.
     */
    Process ctlProcess(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--coordinator", address(), "--timeout", "5s"));
        if (adminTls != null) {
            all.addAll(List.of("--tls-dir", adminTls.toString()));
        }
        all.addAll(List.of(args));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), DmonCtl.class.getName()));
        cmd.addAll(all);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("dmonctl.err").toFile()));
        pb.environment().remove("DMON_COORDINATOR");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private Process start(String name, Class<?> main, Map<String, String> env, List<String> jvmFlags, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log")
                        .toFile()));
        pb.environment().remove("DMON_COORDINATOR");
        pb.environment().remove("DMON_TLS_DIR");
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The state directory of agent {@code name}. */
    Path stateDir(String name) {
        return dir.resolve(name);
    }

    /**
     * Ends the monitors agents left in their state directories (TERM: each stops its job, then
     * ends), so that no job outlives the test: an agent leaves its jobs running when it goes.
     */
    void endMonitors() throws InterruptedException {
        List<io.dmon.agent.monitor.MonitorRecord> live = new ArrayList<>();
        for (String agent : agents) {
            Path root = stateDir(agent).resolve("monitors");
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (var dirs = Files.list(root)) {
                for (Path d : dirs.toList()) {
                    io.dmon.agent.monitor.MonitorRecord.read(d).filter(io.dmon.agent.monitor.MonitorRecord::alive)
                            .ifPresent(live::add);
                }
            } catch (IOException e) {
                // A monitor directory being removed meanwhile: its monitor is ending.
            }
        }
        live.forEach(m -> ProcessHandle.of(m.pid()).ifPresent(ProcessHandle::destroy));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (live.stream().anyMatch(io.dmon.agent.monitor.MonitorRecord::alive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        live.stream().filter(io.dmon.agent.monitor.MonitorRecord::alive)
                .forEach(m -> ProcessHandle.of(m.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Agents first (TERM: they leave their jobs to their monitors, which are ended next), then the coordinators. */
    @Override
    public void close() throws InterruptedException {
        List<Process> coordinatorList = List.of(coordinators).stream().filter(java.util.Objects::nonNull).toList();
        for (Process p : processes) {
            if (!coordinatorList.contains(p) && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (!coordinatorList.contains(p) && !p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        endMonitors();
        // Killed ones and their predecessors are in processes too: every one still alive goes. A
        // cluster's members go at once with -9: a graceful leave would hand partitions to members
        // that are leaving too, for nothing.
        for (Process p : processes) {
            if (coordinatorList.contains(p) || p.isAlive()) {
                if (coordinators.length > 1) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            }
        }
        for (Process p : processes) {
            if (p.isAlive() && !p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
