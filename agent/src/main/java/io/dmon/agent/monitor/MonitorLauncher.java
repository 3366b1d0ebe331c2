package io.dmon.agent.monitor;

import io.dmon.agent.process.ExecutableLookup;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts monitors: runs the {@code dmon-monitor} program, which returns once the monitor listens
 * (printing its pid and start time) or with one line saying why not. The monitor's environment
 * is the job's: it passes it on to every run unchanged.
 *
 * <p>The JDK's process launcher is enough here: the monitor sets the job's credentials, limits,
 * group and directory up itself, and leaves its launcher at once, so nothing waits for it.
 */
public final class MonitorLauncher {
    /** The program's file name, beside libdmonposix.so (target/classes, or lib/ of the distribution). */
    public static final String FILE_NAME = "dmon-monitor";
    private static final long START_TIMEOUT_SECONDS = 10;
    private static final int MAX_REPLY = 1024;

    private final Path program;

    public MonitorLauncher(Path program) {
        this.program = program;
    }

    /**
     * The program named by the system property {@code dmon.monitor}, else the one beside the
     * jar or classes directory of this class.
     *
     * @throws MonitorException when there is no executable program there
     */
    public static MonitorLauncher find() throws MonitorException {
        String named = System.getProperty("dmon.monitor");
        Path program = named != null ? Path.of(named) : besideCode();
        if (program == null || !Files.isExecutable(program)) {
            throw new MonitorException("no executable " + FILE_NAME + (program == null ? "" : " at " + program)
                    + " (set -Ddmon.monitor=PATH)");
        }
        return new MonitorLauncher(program.toAbsolutePath());
    }

    /**
     * As {@link #find()}; when there is no program beside the code (the classes run from a jar
     * of a build's own, not from the distribution), the one inside the jar, copied into
     * {@code dir} under a name of its content's hash: monitors keep running from the file they
     * started from, and a newer build's program gets a file of its own.
     */
    public static MonitorLauncher find(Path dir) throws MonitorException {
        if (System.getProperty("dmon.monitor") != null) {
            return find();
        }
        Path beside = besideCode();
        if (beside != null && Files.isExecutable(beside)) {
            return new MonitorLauncher(beside.toAbsolutePath());
        }
        try (InputStream in = MonitorLauncher.class.getResourceAsStream("/" + FILE_NAME)) {
            if (in == null) {
                throw new MonitorException("no executable " + FILE_NAME + " beside the agent's code or inside it"
                        + " (set -Ddmon.monitor=PATH)");
            }
            byte[] bytes = in.readAllBytes();
            String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes)).substring(0, 16);
            Path program = dir.resolve(FILE_NAME + "-" + hash);
            if (!Files.isExecutable(program)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
                Files.write(tmp, bytes);
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                Files.move(tmp, program, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new MonitorLauncher(program.toAbsolutePath());
        } catch (IOException e) {
            throw new MonitorException("cannot copy " + FILE_NAME + " out of the agent's jar into " + dir + ": "
                    + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Path besideCode() {
        try {
            var source = MonitorLauncher.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            Path dir = Files.isDirectory(location) ? location : location.getParent();
            return dir == null ? null : dir.resolve(FILE_NAME);
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    public Path program() {
        return program;
    }

    /**
     * Starts a monitor for {@code spec} and returns once it listens on {@code DIR/sock}. No run is
     * started yet: that is the first {@link MonitorConnection#start}.
     *
     * @throws MonitorException with the monitor's own one-line reason when it could not start
     */
    public MonitorRecord start(MonitorSpec spec) throws MonitorException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv(spec)).redirectInput(new File("/dev/null"));
        Map<String, String> env = pb.environment();
        env.clear();
        for (String e : spec.env()) {
            int eq = e.indexOf('=');
            env.putIfAbsent(e.substring(0, eq), e.substring(eq + 1));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new MonitorException("cannot run " + program + ": " + e.getMessage());
        }
        try {
            if (!p.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new MonitorException(FILE_NAME + " did not report ready within " + START_TIMEOUT_SECONDS + " s");
            }
            String out = read(p.getInputStream());
            String err = read(p.getErrorStream());
            if (p.exitValue() != 0) {
                String why = err.isBlank() ? FILE_NAME + " exited with status " + p.exitValue() : err.strip();
                throw new MonitorException(MonitorProtocol.printable(why.lines().findFirst().orElse(why)));
            }
            String[] w = out.strip().split(" ");
            long pid;
            long start;
            try {
                pid = MonitorProtocol.longOf(w.length == 2 ? w[0] : "");
                start = MonitorProtocol.longOf(w[1]);
            } catch (NumberFormatException e) {
                throw new MonitorException(FILE_NAME + " reported '" + MonitorProtocol.printable(out.strip())
                        + "' instead of its pid and start time");
            }
            if (pid < 1 || pid > Integer.MAX_VALUE) {
                throw new MonitorException(FILE_NAME + " reported pid " + pid);
            }
            return new MonitorRecord(MonitorProtocol.VERSION, (int) pid, start);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(InputStream in) throws MonitorException {
        try (in) {
            return new String(in.readNBytes(MAX_REPLY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MonitorException("reading " + FILE_NAME + "'s reply: " + e.getMessage());
        }
    }

    /** The monitor's command line for {@code spec}. */
    List<String> argv(MonitorSpec spec) {
        List<String> a = new ArrayList<>();
        a.add(program.toString());
        a.add("--dir");
        a.add(spec.dir().toString());
        // The same lookup the agent's own spawns use: the job's PATH, relative to its directory.
        String path = ExecutableLookup.resolve(spec.argv().get(0), spec.envValue("PATH"), spec.cwd());
        a.add("--path");
        a.add(path == null ? "" : path);
        if (spec.cwd() != null) {
            a.add("--cwd");
            a.add(spec.cwd());
        }
        if (spec.credentials() != null) {
            a.add("--uid");
            a.add(Integer.toUnsignedString(spec.credentials().uid()));
            a.add("--gid");
            a.add(Integer.toUnsignedString(spec.credentials().gid()));
            a.add("--groups");
            a.add(java.util.Arrays.stream(spec.credentials().groups()).mapToObj(Integer::toUnsignedString)
                    .collect(Collectors.joining(",")));
        }
        long[] limits = spec.limits();
        for (int i = 0; limits != null && i < limits.length; i += 3) {
            a.add("--limit");
            a.add(limits[i] + ":" + limit(limits[i + 1]) + ":" + limit(limits[i + 2]));
        }
        if (spec.joinStderr()) {
            a.add("--join-stderr");
        }
        for (Path cgroup : spec.cgroups()) {
            a.add("--cgroup");
            a.add(cgroup.toString());
        }
        a.add("--store-bytes");
        a.add(Long.toString(spec.storeBytes()));
        a.add("--segment-bytes");
        a.add(Long.toString(spec.segmentBytes()));
        a.add("--");
        a.addAll(spec.argv());
        return a;
    }

    private static String limit(long value) {
        return value < 0 ? "-1" : Long.toString(value);
    }
}
