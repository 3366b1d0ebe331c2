package io.dmon.bench;

import io.dmon.agent.host.RunAsPolicy;
import io.dmon.agent.node.AgentConfig;
import io.dmon.agent.node.AgentNode;
import io.dmon.agent.process.Posix;
import io.dmon.wire.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several real agents in one JVM, for measurements that need many hosts (the pause measurement's
 * 50): each has its own name, state directory and load file, and supervises real processes; only
 * the JVM is shared. Runs on the distribution's agent class path plus the benchmark's jar until
 * SIGTERM, then closes every agent (which stops its jobs).
 *
 * <p>Usage: {@code AgentHerd COORDINATORS DIR PREFIX FIRST COUNT}: agents PREFIX+FIRST ..
 * PREFIX+(FIRST+COUNT-1) (two digits), state in DIR/NAME, load read from DIR/NAME.loadavg.
 */
public final class AgentHerd {
    private AgentHerd() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: AgentHerd COORDINATORS DIR PREFIX FIRST COUNT");
            System.exit(2);
        }
        List<HostPort> coordinators = HostPort.parseDialableList(args[0]);
        Path dir = Path.of(args[1]);
        int first = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        List<AgentNode> nodes = new ArrayList<>();
        Posix posix = Posix.load();
        for (int i = first; i < first + count; i++) {
            String name = String.format("%s%02d", args[2], i);
            Path load = dir.resolve(name + ".loadavg");
            if (!Files.exists(load)) {
                Files.writeString(load, "0.10 0.10 0.10 1/100 1\n");
            }
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DMON_LOADAVG_FILE", load.toString());
            nodes.add(AgentNode.start(AgentConfig.builder().name(name).coordinators(coordinators)
                    .stateDir(Files.createDirectories(dir.resolve(name))).env(env)
                    .labels(Map.of("herd", args[2] + first))
                    // The bench's jobs run as whoever runs the bench, root included (its fleets do).
                    .runAs(RunAsPolicy.of(posix.geteuid(), true, Optional.empty()))
                    .diagnostics(line -> System.err.println(name + ": " + line)).build(), posix));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(AgentNode::close)));
        System.err.println("herd: " + nodes.size() + " agents started");
        Thread.currentThread().join();
    }
}
