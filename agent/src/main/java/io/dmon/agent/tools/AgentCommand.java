package io.dmon.agent.tools;

import io.dmon.agent.link.AgentConfig;
import io.dmon.agent.link.AgentNode;
import io.dmon.spec.SizeValue;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmon-agent}: runs the jobs the coordinators assign to this host. */
@Command(name = "dmon-agent", mixinStandardHelpOptions = true, version = "dmon-agent 0.1",
        description = {"Runs the dmon jobs assigned to this host and reports their state and output to the "
                + "coordinators. It dials them (it never listens); with every coordinator gone it keeps "
                + "supervising and spooling, and catches up when one answers again."})
public final class AgentCommand implements Callable<Integer> {
    @Option(names = "--name", paramLabel = "NAME", description = "This host's name in the fleet (default: the hostname).")
    String name;

    @Option(names = "--coordinator", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Coordinators to dial, in turn (default: $DMON_COORDINATOR, else 127.0.0.1:7700).")
    String coordinators;

    @Option(names = "--labels", paramLabel = "K=V[,K=V...]", description = "Labels of this host, for selectors.")
    String labels;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/dmon-agent",
            description = "Assignment, process records and log spools (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--spool-max-bytes", paramLabel = "SIZE", defaultValue = "64m",
            description = "Unacknowledged output kept per job before the oldest is dropped (k, m, g; default: ${DEFAULT-VALUE}).")
    String spoolMax;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cl = new CommandLine(new AgentCommand());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("dmon-agent: " + ex.getMessage().lines().findFirst().orElse("bad option"));
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            System.err.println("dmon-agent: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig config;
        try {
            config = config();
        } catch (SpecException e) {
            System.err.println("dmon-agent: " + e.getMessage());
            return 2;
        }
        AgentNode node = AgentNode.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "dmon-agent-shutdown"));
        stopped.await();
        return 0;
    }

    private AgentConfig config() throws SpecException, IOException {
        String host = name != null ? name : InetAddress.getLocalHost().getHostName();
        if (host.isBlank() || host.contains("@") || host.contains(",") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new SpecException("option --name: bad host name '" + host + "'");
        }
        String list = coordinators != null ? coordinators
                : System.getenv().getOrDefault("DMON_COORDINATOR", "127.0.0.1:7700");
        List<String> addresses = new ArrayList<>();
        for (String a : list.split(",")) {
            String t = a.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || !t.substring(colon + 1).matches("\\d{1,5}")
                    || Integer.parseInt(t.substring(colon + 1)) > 65535) {
                throw new SpecException("option --coordinator: bad address '" + t + "' (HOST:PORT)");
            }
            addresses.add(t);
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        if (labels != null && !labels.isBlank()) {
            for (String kv : labels.split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new SpecException("option --labels: bad label '" + kv + "' (KEY=VALUE)");
                }
                labelMap.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        Path dir = stateDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpecException("option --state-dir: cannot create '" + dir + "': " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new SpecException("option --state-dir: '" + dir + "' is not writable");
        }
        long max = SizeValue.parseBytes("--spool-max-bytes", spoolMax);
        return AgentConfig.of(host, addresses, dir).withLabels(labelMap).withSpoolMaxBytes(max);
    }
}
