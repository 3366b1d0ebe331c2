package io.dmon.deploy;

import io.dmon.agent.host.RunAsPolicy;
import io.dmon.agent.node.AgentConfig;
import io.dmon.agent.node.AgentNode;
import io.dmon.agent.process.Posix;
import io.dmon.coordinator.CoordinatorConfig;
import io.dmon.coordinator.CoordinatorNode;
import io.dmon.wire.HostPort;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code dmon-coordinator --dev}: a coordinator and an agent for this host in one process, the
 * first thing a newcomer runs. Composed here because the coordinator and the agent never depend
 * on each other.
 */
@Command(name = "dmon-coordinator --dev", mixinStandardHelpOptions = true,
        description = {"Runs a coordinator and an agent for this host in one process: a one-host fleet to try "
                + "dmonctl against. Plaintext, so it listens on a loopback address only."})
public final class DevCommand implements Callable<Integer> {
    @Option(names = "--dev", hidden = true)
    boolean dev;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7700",
            description = "gRPC address for dmonctl and agents (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--hazelcast-port", paramLabel = "PORT", defaultValue = "5701",
            description = "The embedded Hazelcast member's port (default: ${DEFAULT-VALUE}).")
    int hazelcastPort;

    @Option(names = "--name", paramLabel = "NAME", description = "This host's name (default: the hostname).")
    String name;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The agent's state (default: $XDG_STATE_HOME/dmon-dev, else ~/.local/state/dmon-dev).")
    Path stateDir;

    @Option(names = "--allow-root", description = "Let the agent run jobs as root (needed for any job when "
            + "this runs as root and the job has no -u); without it such jobs are REFUSED.")
    boolean allowRoot;

    private final Posix posix;

    DevCommand(Posix posix) {
        this.posix = posix;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new DevCommand(Posix.load()));
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("dmon-coordinator: " + ex.getMessage().lines().findFirst().orElse("bad option"));
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            System.err.println("dmon-coordinator: " + ex.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HostPort address;
        try {
            address = HostPort.parse(listen);
        } catch (IllegalArgumentException e) {
            System.err.println("dmon-coordinator: option --listen: " + e.getMessage());
            return 2;
        }
        if (!isLoopback(address.host())) {
            // Plaintext, without client certificates: whoever reaches the port runs anything here.
            System.err.println("dmon-coordinator: option --listen: --dev speaks plaintext and listens on a loopback "
                    + "address only, not " + address.host());
            return 2;
        }
        String host = name != null ? name : InetAddress.getLocalHost().getHostName();
        Path dir = stateDir != null ? stateDir : defaultStateDir();
        Files.createDirectories(dir);
        CoordinatorNode coordinator = CoordinatorNode.start(CoordinatorConfig.builder().listen(address)
                .hazelcastPort(hazelcastPort).build());
        AgentNode agent;
        try {
            agent = AgentNode.start(AgentConfig.builder().name(host)
                    .coordinators(List.of(HostPort.parseDialable(coordinator.grpcAddress()))).stateDir(dir)
                    .runAs(RunAsPolicy.fromOptions(posix, allowRoot, List.of())).build(), posix);
        } catch (IOException e) {
            coordinator.close();
            // Most often another --dev holds the default directory: say how to choose another.
            System.err.println("dmon-coordinator: " + e.getMessage() + (stateDir == null ? " (the default)" : "")
                    + "; give another with --state-dir DIR");
            return 1;
        }
        System.err.println("dmon-coordinator: dev mode: coordinator on " + coordinator.grpcAddress() + ", agent '"
                + host + "' (state in " + dir + "); try: dmonctl run --host " + host
                + " -n -1 echo hello (prints hello, ends with exit status 0)");
        if (posix.geteuid() == 0) {
            System.err.println("dmon-coordinator: running as root: " + (allowRoot
                    ? "jobs without -u run as root (--allow-root)"
                    : "jobs without -u would run as root and are REFUSED; give them -u USER or start with --allow-root"));
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(agent);
            coordinator.close();
            done.countDown();
        }, "dev-shutdown"));
        done.await();
        return 0;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("dmon-coordinator: stopping the agent: " + e.getMessage());
        }
    }

    private static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
                "state");
        return base.resolve("dmon-dev");
    }
}
