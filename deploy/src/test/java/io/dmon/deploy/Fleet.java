package io.dmon.deploy;

import io.dmon.agent.tools.AgentCommand;
import io.dmon.cli.CliContext;
import io.dmon.cli.DmonCtl;
import io.dmon.coordinator.CoordinatorCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
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
 * A fleet on loopback for end-to-end tests: a coordinator and agents as real JVMs of their own
 * (so they can be killed with -9), dmonctl called in this JVM, jobs as real processes.
 */
final class Fleet implements AutoCloseable {
    record Ctl(int exit, String out, String err) { }

    final Path dir;
    final int grpcPort;
    final int hazelcastPort;
    private final List<Process> processes = new ArrayList<>();
    private Process coordinator;

    Fleet(Path dir) throws IOException {
        this.dir = dir;
        this.grpcPort = freePort();
        this.hazelcastPort = freePort();
    }

    String address() {
        return "127.0.0.1:" + grpcPort;
    }

    /** The coordinator, with {@code extra} options after the listen and Hazelcast ones. */
    Process startCoordinator(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", address(), "--hazelcast-port",
                Integer.toString(hazelcastPort)));
        args.addAll(List.of(extra));
        coordinator = start("coordinator", CoordinatorCommand.class, Map.of(), List.of(
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"),
                args.toArray(new String[0]));
        await("coordinator answers", Duration.ofSeconds(60), () -> ctl("hosts").exit() == 0);
        return coordinator;
    }

    Process coordinator() {
        return coordinator;
    }

    /** An agent named {@code name}, with its own state directory and load file. */
    Process startAgent(String name, String labels) throws Exception {
        Path state = dir.resolve(name);
        Files.createDirectories(state);
        Path load = loadFile(name);
        if (!Files.exists(load)) {
            setLoad(name, 0.1);
        }
        Process p = start("agent-" + name, AgentCommand.class, Map.of("DMON_LOADAVG_FILE", load.toString()), List.of(),
                "--name", name, "--coordinator", address(), "--state-dir", state.toString(), "--labels", labels);
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

    /** dmonctl, in this JVM, against this fleet's coordinator. */
    Ctl ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--coordinator", address(), "--timeout", "5s"));
        all.addAll(List.of(args));
        int exit = DmonCtl.execute(CliContext.builder().out(out).err(err).env(Map.of()).build(),
                all.toArray(new String[0]));
        return new Ctl(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Agents first, gracefully (they stop their jobs), then the coordinator. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            if (p != coordinator && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (p != coordinator && !p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (coordinator != null && coordinator.isAlive()) {
            coordinator.destroy();
            if (!coordinator.waitFor(30, TimeUnit.SECONDS)) {
                coordinator.destroyForcibly();
            }
        }
    }
}
