package io.dmon.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every measurement needs: the launchers under test, the JVM and flags for the floors, a
 * scratch directory, the process helper, and whether this is a quick run.
 *
 * <p>The floors' "launcher flags" are read from the dmon launcher itself, not copied: it is run
 * once with {@code JAVA_HOME} pointing at a fake {@code bin/java} that prints its arguments, and
 * the flags before {@code -cp} are kept (less the class-data-sharing archive, which belongs to
 * dmon's class path).
 */
final class Bench {
    /** Variables that would change what dmon or its log tools do: the benchmark measures defaults. */
    private static final List<String> DROPPED_ENV = List.of(
            "DMON_OPTIONS", "DLOG_OPTIONS", "DRLOG_OPTIONS", "DSLOG_OPTIONS", "DMON_CDS_DUMP", "DMON_LOADAVG_FILE", "DMON_PRESSURE_DIR");

    private final boolean quick;
    private final Path bin;
    private final Path benchJar;
    private final Path work;
    private final String java;
    private final List<String> launcherFlags;
    private final Procs procs;

    private Bench(boolean quick, Path bin, Path benchJar, Path work, String java, List<String> launcherFlags,
                  Procs procs) {
        this.quick = quick;
        this.bin = bin;
        this.benchJar = benchJar;
        this.work = work;
        this.java = java;
        this.launcherFlags = launcherFlags;
        this.procs = procs;
    }

    /** Reads the launcher's flags; fails with a one-line reason when the launchers do not run. */
    static Bench create(boolean quick, Path bin, Path benchJar, Path work) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        DROPPED_ENV.forEach(env::remove);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (!Files.isExecutable(bin.resolve("dmon"))) {
            throw new IOException("no executable " + bin.resolve("dmon"));
        }
        List<String> flags = readLauncherFlags(bin.resolve("dmon"), work, env);
        return new Bench(quick, bin, benchJar, work, java, flags, new Procs(env));
    }

    private static List<String> readLauncherFlags(Path dmon, Path work, Map<String, String> env)
            throws IOException, InterruptedException {
        Path fakeHome = Files.createDirectories(work.resolve("fake-java-home/bin")).getParent();
        Path fakeJava = fakeHome.resolve("bin/java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(dmon.toString()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", fakeHome.toString());
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        p.waitFor(10, TimeUnit.SECONDS);
        List<String> flags = new ArrayList<>();
        for (String arg : out.split("\n")) {
            if (arg.equals("-cp")) {
                return flags;
            }
            if (!arg.startsWith("-XX:SharedArchiveFile=") && !arg.startsWith("-XX:ArchiveClassesAtExit=")
                    && !arg.startsWith("-Xlog:cds")) {
                flags.add(arg);
            }
        }
        throw new IOException(dmon + " does not run: " + out.strip());
    }

    boolean quick() {
        return quick;
    }

    Procs procs() {
        return procs;
    }

    /** A path in the scratch directory. */
    Path file(String name) {
        return work.resolve(name);
    }

    /** A FIFO in the scratch directory (made with mkfifo). */
    Path fifo(String name) throws IOException, InterruptedException {
        Path f = file(name);
        Files.deleteIfExists(f);
        Process p = new ProcessBuilder("mkfifo", f.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + f + " failed");
        }
        return f;
    }

    /** A launcher of the distribution under test: dmon, dlog. */
    Path launcher(String name) {
        return bin.resolve(name);
    }

    /** {@code bin/dmon args...}. */
    List<String> dmon(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher("dmon").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A JVM running one of the benchmark's own classes, with the launcher's flags or the JVM's defaults. */
    List<String> javaRunning(boolean withLauncherFlags, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        if (withLauncherFlags) {
            cmd.addAll(launcherFlags);
        }
        cmd.addAll(List.of("-cp", benchJar.toString(), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * A JVM running one of the benchmark's classes on the distribution's agent class path (the
     * agent's jar, its dependencies and native library), as {@link AgentHerd} needs.
     */
    List<String> javaWithAgent(Class<?> main, String... args) throws IOException {
        Path root = bin.resolve("dmon").toRealPath().getParent().getParent();
        Path lib = Files.exists(root.resolve("lib/dmon-agent.jar")) ? root.resolve("lib")
                : root.resolve("deploy/target/dmon/lib");
        StringBuilder cp = new StringBuilder(benchJar.toString()).append(':').append(lib.resolve("dmon-agent.jar"));
        Path deps = lib.resolve("agent.classpath");
        if (Files.exists(deps)) {
            cp.append(':').append(Files.readString(deps).strip().replace("@LIB@", lib.toString()));
        }
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-cp", cp.toString(), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A file of the distribution's lib/ (an installed one, or deploy/target/dmon of this tree). */
    Path libFile(String name) throws IOException {
        Path root = bin.resolve("dmon").toRealPath().getParent().getParent();
        Path lib = Files.exists(root.resolve("lib/dmon-agent.jar")) ? root.resolve("lib")
                : root.resolve("deploy/target/dmon/lib");
        return lib.resolve(name);
    }

    void progress(String message) {
        System.err.println("dmon-bench: " + message);
    }

    /** Facts about this machine and run, for the table's heading and the JSON. */
    Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstMatching(Path.of("/proc/cpuinfo"), "model name"));
        m.put("kernel", readQuietly(Path.of("/proc/sys/kernel/osrelease")));
        m.put("java", firstLineOf(List.of(java, "-version")));
        m.put("java_path", java);
        m.put("launcher_flags", String.join(" ", launcherFlags));
        m.put("java_opts", System.getenv().getOrDefault("JAVA_OPTS", ""));
        m.put("clk_tck", clockTicks());
        try {
            m.put("scratch_fs", work + " (" + Files.getFileStore(work).type() + ")");
        } catch (IOException e) {
            m.put("scratch_fs", work.toString());
        }
        m.put("launchers", bin.toString());
        try {
            Path root = bin.resolve("dmon").toRealPath().getParent().getParent();
            m.put("git", firstLineOf(List.of("git", "-C", root.toString(), "describe", "--always", "--dirty")));
        } catch (IOException e) {
            m.put("git", "");
        }
        return m;
    }

    /** CLK_TCK from getconf (100 when it cannot be asked). */
    long clockTicks() {
        try {
            return Long.parseLong(firstLineOf(List.of("getconf", "CLK_TCK")));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** The first line a command prints (stdout and stderr), or "" when it fails. */
    private static String firstLineOf(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            int nl = out.indexOf('\n');
            return (nl < 0 ? out : out.substring(0, nl)).strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String firstMatching(Path file, String prefix) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(prefix)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
