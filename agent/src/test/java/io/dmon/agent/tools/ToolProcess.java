package io.dmon.agent.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A log program run as a real child JVM, on the test's class path. */
final class ToolProcess {
    static final Duration DEADLINE = Duration.ofSeconds(20);

    final Process process;

    private ToolProcess(Process process) {
        this.process = process;
    }

    static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    static ToolProcess start(Path dir, Map<String, String> env, Class<?> main, String... args) throws IOException {
        return startCommand(dir, env, javaCommand(main, args));
    }

    static ToolProcess startCommand(Path dir, Map<String, String> env, List<String> command) throws IOException {
        return startWrapped(dir, env, List.of(), command);
    }

    /**
     * The command behind {@code wrapper} (words that end by exec'ing the rest, e.g. a shell that
     * ignores a signal first), with every signal back to its default disposition right before the
     * command: a test run under {@code nohup} or with {@code &} must not hand the tools its ignored
     * HUP or INT, which the JVM would keep ignored.
     */
    static ToolProcess startWrapped(Path dir, Map<String, String> env, List<String> wrapper, List<String> command)
            throws IOException {
        List<String> full = new ArrayList<>(wrapper);
        full.addAll(List.of("env", "--default-signal"));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.endsWith("LOG_OPTIONS") || k.equals("DSLOG_SOCKET"));
        pb.environment().putAll(env);
        return new ToolProcess(pb.start());
    }

    void write(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    long pid() {
        return process.pid();
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    /** Waits for the exit; the status. */
    int exitStatus() throws InterruptedException {
        if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not exit within " + DEADLINE);
        }
        return process.exitValue();
    }

    String stdout() throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Polls {@code condition} until it holds or the deadline passes. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
