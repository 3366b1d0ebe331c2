package io.dmon.containers;

import com.github.dockerjava.api.DockerClient;
import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.trust.CertificateAuthority;
import io.dmon.trust.Principal;
import io.dmon.trust.Role;
import io.dmon.trust.TlsMaterialException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A fleet in containers on one user-defined network: coordinators {@code c1..cN} (each a
 * Hazelcast member peering with the others) and agents, each container with its own host name,
 * network and PID namespace. The host's JDK ({@code /usr}) and the built distribution are
 * bind-mounted read-only; each agent's state directory is a host directory, so an agent container
 * killed and created again finds its jobs. dmonctl runs in this JVM against mapped ports. Every
 * hop is mutual TLS: the bench has its own CA and bind-mounts each container's TLS directory.
 */
final class BenchContainers implements AutoCloseable {
    /** Every container the bench creates carries this label (and only those are ever cleaned up). */
    static final String LABEL = "io.dmon.containers.bench";
    static final int GRPC = 7700;
    static final int HAZELCAST = 5701;
    static final String STATE_DIR = "/var/lib/dmon-agent";
    static final String LOGGING_CONFIG = "/etc/dmon-bench-logging.properties";
    /** Where each container finds its TLS directory (bind-mounted read-only). */
    static final String TLS_DIR = "/etc/dmon/tls";

    final DockerClient docker;
    final Network network;
    final Path work;
    private final Path dist;
    private final String image;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    /** This JVM, on every container it makes: what tells this run's containers from another's. */
    private static final String OWNER = LeftoverContainers.self();
    private final List<String> coordinatorNames = new ArrayList<>();
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    private final CertificateAuthority authority = CertificateAuthority.create();
    private final Path ca;
    private final Path adminTls;
    /** Given to every coordinator after the bench's own options. */
    private final List<String> coordinatorOptions;

    BenchContainers(String name, int coordinators) throws IOException {
        this(name, coordinators, List.of());
    }

    /** With {@code coordinatorOptions} (e.g. {@code --log-capacity-bytes 16m}) on every coordinator's command line. */
    BenchContainers(String name, int coordinators, List<String> coordinatorOptions) throws IOException {
        this.coordinatorOptions = List.copyOf(coordinatorOptions);
        DockerGate.require();
        docker = DockerClientFactory.instance().client();
        dist = Path.of(System.getProperty("dmon.dist", "../deploy/target/dmon")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dist.resolve("lib/dmon-agent.jar"))) {
            throw new IllegalStateException("no distribution in " + dist + ": build it (./mvnw -q -DskipTests package)");
        }
        work = Path.of(System.getProperty("dmon.containers.work", "target/bench")).toAbsolutePath().resolve(name);
        removeLeftovers();
        // Agents' state of an earlier run would bring its jobs back into this one.
        deleteTree(work);
        Files.createDirectories(work);
        ca = work.resolve("tls").resolve("ca");
        authority.createCa(ca);
        adminTls = tlsDir(new Principal(Role.ADMIN, "bench"));
        image = BaseImage.ensure(docker);
        network = Network.newNetwork();
        for (int i = 1; i <= coordinators; i++) {
            coordinatorNames.add("c" + i);
        }
    }

    /**
     * The TLS directory of {@code principal}, issued on first use. Its SANs name the container
     * (agents dial coordinators by it) and localhost and 127.0.0.1 (dmonctl dials mapped ports).
     */
    private Path tlsDir(Principal principal) throws IOException {
        Path out = work.resolve("tls").resolve(principal.role().word() + "-" + principal.name());
        if (!Files.exists(out.resolve("key.pem"))) {
            try {
                authority.issue(ca, principal, List.of("127.0.0.1"), List.of(principal.name(), "localhost"),
                        Duration.ofDays(1), out);
            } catch (TlsMaterialException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return out;
    }

    List<String> coordinatorNames() {
        return coordinatorNames;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Containers of a run killed with -9 (the JVM died, Ryuk is off) are removed by the next run;
     * those of another run still going are left alone ({@link LeftoverContainers}).
     */
    private void removeLeftovers() {
        LeftoverContainers.remove(docker);
    }

    private GenericContainer<?> container(String hostname) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(ignored -> false)
                .withNetwork(network)
                .withNetworkAliases(hostname)
                .withLabel(LABEL, run)
                .withLabel(LeftoverContainers.OWNER, OWNER)
                .withEnv("PATH", "/bin:/usr/bin")
                .withEnv("JAVA_HOME", System.getProperty("java.home"))
                .withFileSystemBind("/usr", "/usr", BindMode.READ_ONLY)
                .withFileSystemBind("/etc/alternatives", "/etc/alternatives", BindMode.READ_ONLY)
                .withFileSystemBind(dist.toString(), dist.toString(), BindMode.READ_ONLY)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(hostname);
                    // A real init as pid 1 reaps what the agent's jobs orphan.
                    cmd.getHostConfig().withInit(true);
                })
                .withLogConsumer(frame -> appendLog(hostname, frame));
        if (Files.isDirectory(Path.of("/etc/java-17-openjdk"))) {
            c.withFileSystemBind("/etc/java-17-openjdk", "/etc/java-17-openjdk", BindMode.READ_ONLY);
        }
        String javaHome = System.getProperty("java.home");
        if (!javaHome.startsWith("/usr/")) {
            c.withFileSystemBind(javaHome, javaHome, BindMode.READ_ONLY);
        }
        return c;
    }

    private void appendLog(String hostname, OutputFrame frame) {
        try {
            Files.write(work.resolve(hostname + ".log"), frame.getBytes() == null ? new byte[0] : frame.getBytes(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates and starts coordinator {@code name} (a fresh container, empty memory). */
    GenericContainer<?> startCoordinator(String name) {
        return startCoordinator(name, "-Xms32m -Xmx256m");
    }

    /** The same with the given heap (the launcher's {@code HEAP_FLAGS}, e.g. {@code -Xms16m -Xmx48m}). */
    GenericContainer<?> startCoordinator(String name, String heapFlags) {
        Path tls;
        try {
            tls = tlsDir(new Principal(Role.COORDINATOR, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String peers = coordinatorNames.stream().filter(n -> !n.equals(name)).map(n -> n + ":" + HAZELCAST)
                .collect(Collectors.joining(","));
        GenericContainer<?> c = container(name)
                .withExposedPorts(GRPC)
                .withEnv("HEAP_FLAGS", heapFlags)
                // Hazelcast's member lists and joins in the container's log (the coordinator keeps them quiet).
                .withFileSystemBind(loggingConfig().toString(), LOGGING_CONFIG, BindMode.READ_ONLY)
                .withEnv("JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"
                        + " -Djava.util.logging.config.file=" + LOGGING_CONFIG)
                .withFileSystemBind(tls.toString(), TLS_DIR, BindMode.READ_ONLY)
                .withCommand(coordinatorCommand(name, peers))
                .waitingFor(Wait.forLogMessage(".*dmon-coordinator: listening on.*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(120)));
        replace(name, c);
        c.start();
        return c;
    }

    private String[] coordinatorCommand(String name, String peers) {
        List<String> command = new ArrayList<>(List.of(dist + "/bin/dmon-coordinator", "--listen", "0.0.0.0:" + GRPC,
                "--tls-dir", TLS_DIR, "--hazelcast-host", name, "--hazelcast-port", Integer.toString(HAZELCAST),
                "--peers", peers));
        command.addAll(coordinatorOptions);
        return command.toArray(new String[0]);
    }

    /**
     * Starts every coordinator: the first alone, then the others at once, which join it (members
     * started all at once may each find no one listening yet and stay clusters of their own).
     */
    void startCoordinators() {
        startCoordinator(coordinatorNames.get(0));
        CompletableFuture.allOf(coordinatorNames.stream().skip(1)
                .map(n -> CompletableFuture.runAsync(() -> startCoordinator(n))).toArray(CompletableFuture[]::new))
                .join();
    }

    private Path loggingConfig() {
        Path file = work.resolve("logging.properties");
        try {
            Files.writeString(file, "handlers=java.util.logging.ConsoleHandler\n.level=INFO\n"
                    + "java.util.logging.ConsoleHandler.level=INFO\ncom.hazelcast.level=INFO\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * How an agent's container differs from the plain one: its state directory on a tmpfs of
     * {@code stateTmpfsSize} (e.g. {@code 2m}; null: a host directory that outlives the container),
     * and more environment (e.g. LD_PRELOAD), seen by the agent, its jobs and every exec.
     */
    record AgentSetup(String stateTmpfsSize, Map<String, String> env) {
        static final AgentSetup PLAIN = new AgentSetup(null, Map.of());

        static AgentSetup stateOnTmpfs(String size) {
            return new AgentSetup(size, Map.of());
        }

        static AgentSetup withEnv(Map<String, String> env) {
            return new AgentSetup(null, Map.copyOf(env));
        }
    }

    /** Creates and starts agent {@code name}, its state in a host directory that outlives the container. */
    GenericContainer<?> startAgent(String name) throws IOException {
        return startAgent(name, AgentSetup.PLAIN);
    }

    /** Creates and starts agent {@code name} as {@code setup} says. */
    GenericContainer<?> startAgent(String name, AgentSetup setup) throws IOException {
        String coordinators = coordinatorNames.stream().map(n -> n + ":" + GRPC).collect(Collectors.joining(","));
        GenericContainer<?> c = container(name);
        if (setup.stateTmpfsSize() == null) {
            Path state = work.resolve("state-" + name);
            Files.createDirectories(state);
            c.withFileSystemBind(state.toString(), STATE_DIR, BindMode.READ_WRITE);
        } else {
            c.withTmpFs(Map.of(STATE_DIR, "rw,size=" + setup.stateTmpfsSize() + ",mode=0700"));
        }
        setup.env().forEach(c::withEnv);
        c.withFileSystemBind(tlsDir(new Principal(Role.AGENT, name)).toString(), TLS_DIR, BindMode.READ_ONLY)
                .withEnv("HEAP_FLAGS", "-Xms16m -Xmx128m")
                .withEnv("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1")
                .withCommand(dist + "/bin/dmon-agent", "--name", name, "--coordinator", coordinators,
                        "--state-dir", STATE_DIR, "--tls-dir", TLS_DIR, "--allow-root")
                .waitingFor(Wait.forLogMessage(".*dmon-agent: " + name + " started.*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(90)));
        replace(name, c);
        c.start();
        return c;
    }

    private void replace(String name, GenericContainer<?> c) {
        GenericContainer<?> old = containers.put(name, c);
        if (old != null) {
            old.stop();
        }
    }

    GenericContainer<?> get(String name) {
        GenericContainer<?> c = containers.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no container " + name);
        }
        return c;
    }

    /** True when the container exists and runs (not killed, not paused). */
    boolean running(String name) {
        GenericContainer<?> c = containers.get(name);
        if (c == null || c.getContainerId() == null) {
            return false;
        }
        var state = docker.inspectContainerCmd(c.getContainerId()).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getPaused());
    }

    boolean paused(String name) {
        GenericContainer<?> c = containers.get(name);
        return c != null && c.getContainerId() != null
                && Boolean.TRUE.equals(docker.inspectContainerCmd(c.getContainerId()).exec().getState().getPaused());
    }

    /** True when the container is attached to the bench's network. */
    boolean connected(String name) {
        return docker.inspectContainerCmd(get(name).getContainerId()).exec().getNetworkSettings().getNetworks()
                .values().stream().anyMatch(n -> network.getId().equals(n.getNetworkID()));
    }

    /** {@code docker kill} (SIGKILL to everything in it); the container stays, dead, until replaced. */
    void kill(String name) {
        docker.killContainerCmd(get(name).getContainerId()).exec();
    }

    void pause(String name) {
        docker.pauseContainerCmd(get(name).getContainerId()).exec();
    }

    void unpause(String name) {
        docker.unpauseContainerCmd(get(name).getContainerId()).exec();
    }

    void disconnect(String name) {
        docker.disconnectFromNetworkCmd().withNetworkId(network.getId()).withContainerId(get(name).getContainerId())
                .withForce(true).exec();
    }

    void connect(String name) {
        docker.connectToNetworkCmd().withNetworkId(network.getId()).withContainerId(get(name).getContainerId())
                .withContainerNetwork(new com.github.dockerjava.api.model.ContainerNetwork()
                        .withAliases(name)).exec();
    }

    /** The coordinator's gRPC address as this JVM reaches it (a mapped port). */
    String address(String coordinator) {
        GenericContainer<?> c = get(coordinator);
        return c.getHost() + ":" + c.getMappedPort(GRPC);
    }

    record Ctl(int exit, String out, String err) {
        Ctl orFail(String what) {
            if (exit != 0) {
                throw new IllegalStateException(what + ": exit " + exit + ": " + err.strip());
            }
            return this;
        }
    }

    /** dmonctl in this JVM, through the given coordinators only (in turn). */
    Ctl ctl(List<String> via, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--coordinator",
                via.stream().map(this::address).collect(Collectors.joining(",")), "--timeout", "5s",
                "--tls-dir", adminTls.toString()));
        all.addAll(List.of(args));
        int exit = DmonCtl.execute(CliContext.builder().out(out).err(err).env(Map.of()).build(),
                all.toArray(new String[0]));
        return new Ctl(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Ctl ctl(String via, String... args) {
        return ctl(List.of(via), args);
    }

    /** A row of {@code dmonctl hosts}: NAME STATE LOAD1 JOBS COORDINATOR ...; empty when absent. */
    Optional<String[]> host(String via, String name) {
        return ctl(via, "hosts").orFail("hosts via " + via).out().lines().map(l -> l.trim().split("\\s+"))
                .filter(cols -> cols[0].equals(name)).findFirst();
    }

    /** Rows of {@code dmonctl ps} for job {@code id}: JOB HOST STATE PID RESTARTS UPTIME COMMAND. */
    List<String[]> ps(String via, String id) {
        return ctl(via, "ps").orFail("ps via " + via).out().lines().map(l -> l.trim().split("\\s+"))
                .filter(cols -> cols[0].equals(id)).toList();
    }

    /** The job's whole history through {@code via}. */
    CounterHistory history(String via, String id) {
        return CounterHistory.parse(ctl(via, "logs", "-n", "all", id).orFail("logs via " + via).out());
    }

    /** Live (not zombie) processes in container {@code name} whose command line contains {@code marker}. */
    List<Integer> livePids(String name, String marker) {
        return processes(name).stream().filter(p -> p.args().contains(marker)).map(Proc::pid).toList();
    }

    /** Exit status and output of a command run inside a container. */
    record Exec(int exit, String out, String err) {
    }

    /** Runs {@code command} inside container {@code name} (with the container's environment). */
    Exec exec(String name, String... command) {
        try {
            var result = get(name).execInContainer(command);
            return new Exec(result.getExitCode(), result.getStdout(), result.getStderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One live (not zombie) process in a container: its pid, state letters and command line. */
    record Proc(int pid, String stat, String args) {
        boolean stopped() {
            return stat.startsWith("T");
        }

        /** A per-job monitor ({@code dmon-monitor --dir ... -- COMMAND}), not one of the job's processes. */
        boolean monitor() {
            String program = args.split(" ", 2)[0];
            return program.endsWith("/dmon-monitor") || program.equals("dmon-monitor");
        }
    }

    /** Every live process in container {@code name} but the per-job monitors, from one {@code ps}. */
    List<Proc> processes(String name) {
        Exec ps = exec(name, "ps", "-o", "pid,stat,args");
        if (ps.exit() != 0) {
            throw new IllegalStateException("ps in " + name + ": " + ps.err());
        }
        return ps.out().lines().skip(1).map(l -> l.trim().split("\\s+", 3))
                .filter(cols -> cols.length == 3 && !cols[1].startsWith("Z"))
                .map(cols -> new Proc(Integer.parseInt(cols[0]), cols[1], cols[2]))
                // A job's monitor carries the job's command line after its own options: not the job's.
                .filter(p -> !p.monitor()).toList();
    }

    /** The exit status of a container that ended, empty while it runs. */
    Optional<Long> exitCode(String name) {
        var state = docker.inspectContainerCmd(get(name).getContainerId()).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) ? Optional.empty() : Optional.ofNullable(state.getExitCodeLong());
    }

    /** True when {@code path} exists inside the container. */
    boolean exists(String name, String path) {
        return exec(name, "test", "-e", path).exit() == 0;
    }

    /** A file's content inside a container, or "" when it cannot be read. */
    String read(String name, String path) {
        try {
            var result = get(name).execInContainer("cat", path);
            return result.getExitCode() == 0 ? result.getStdout() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the container wrote so far (for Hazelcast's member lists and diagnostics). */
    String logs(String name) {
        return get(name).getLogs();
    }

    @Override
    public void close() {
        List<GenericContainer<?>> all = new ArrayList<>(containers.values());
        // Agents first, so they do not spend the coordinators' shutdown reconnecting.
        all.sort((a, b) -> Boolean.compare(isCoordinator(a), isCoordinator(b)));
        for (GenericContainer<?> c : all) {
            try {
                c.stop();
            } catch (RuntimeException e) {
                // Removing the rest matters more.
            }
        }
        containers.clear();
        network.close();
    }

    private boolean isCoordinator(GenericContainer<?> c) {
        return c.getExposedPorts().contains(GRPC);
    }
}
