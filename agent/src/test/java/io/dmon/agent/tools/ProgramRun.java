package io.dmon.agent.tools;

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

/** Runs one of our programs to completion (or starts it) in a JVM of its own, as the launcher would, from the test class path. */
final class ProgramRun {
    record Result(int exit, String stdout, String stderr) { }

    private ProgramRun() {
    }

    static ProcessBuilder builder(Class<?> main, List<String> args, Path cwd, Map<String, String> env) {
        // Default signal dispositions, whatever this JVM was started with (nohup, &): see ToolProcess.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("DMON_OPTIONS");
        pb.environment().putAll(env);
        return pb;
    }

    static Result run(Class<?> main, List<String> args, Path cwd, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(cwd, "stdout", ".txt");
        Path err = Files.createTempFile(cwd, "stderr", ".txt");
        Process p = builder(main, args, cwd, env).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " " + args + " did not end within 60 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !read(Path.of("/proc/" + pid + "/stat")).contains(") Z ");
    }

    static void kill(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
    }
}
