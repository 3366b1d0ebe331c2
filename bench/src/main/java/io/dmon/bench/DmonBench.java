package io.dmon.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code dmon-bench}: runs the built launchers as real processes and prints figures beside their
 * targets and beside floors measured in the same run, then writes them as JSON. Figures, not
 * assertions: a missed target or a failed measurement is reported and the run goes on; the exit
 * status is 0 unless the options are wrong (2) or the launchers cannot be run at all (1).
 *
 * <pre>
 * dmon-bench [--quick] [--only NAME[,NAME]] [--out FILE] [--bin DIR] [--scratch DIR]
 * </pre>
 * NAME: respawn, throughput, memory, idle, startup (the default run), and fleet and pause, which
 * run only when named (they start a coordinator and many agents, and take minutes); a run of only
 * those writes {@code bench-results/dmon-NAME-bench.json} by default. The launchers default to the {@code bin/} of
 * the tree the benchmark was started from ({@code dmon.bench.root}, set by {@code bin/dmon-bench}).
 */
public final class DmonBench {
    private static final List<Measurement> ALL = List.of(
            new RespawnLatency(), new LogThroughput(), new SupervisorMemory(), new IdleCpu(), new StartUp());
    /** Run only when named in --only. */
    private static final List<Measurement> OPT_IN = List.of(new FleetBench(), new PauseBench(), new FailoverBench(),
            new TlsBench(), new LogFollowRate(), new Soak(),
            new MonitorBench(), new PressureBench(), new FreezeBench());

    private static final String USAGE = """
            usage: dmon-bench [--quick] [--only NAME[,NAME]] [--out FILE] [--bin DIR] [--scratch DIR]
              --quick        smaller counts and windows (a smoke run of under a minute)
              --only NAMES   run only these: respawn, throughput, memory, idle, startup,
                             fleet (only when named: a coordinator, two agents,
                             1,000 simulated agents; minutes),
                             pause (only when named: 50 agents, 1,000 jobs paused,
                             resumed and gated; minutes), failover (only when named:
                             three coordinators, kill -9, replay, backups; minutes),
                             tls (only when named: dispatch and log throughput on a
                             plaintext fleet, then over mutual TLS, and their ratios)
                             logs (only when named: two coordinators, log ingest
                             from several agents, one follower, follower latency)
                             soak (only when named: ten agents, 200 jobs restarting,
                             pausing and logging for 10 min (1 with --quick); RSS,
                             live heap (jcmd, after a full GC) and fd slopes,
                             lines lost or repeated)
                             monitor (only when named: 200 per-job monitors, their
                             memory and idle CPU, re-attach time, line rate)
                             pressure (only when named: dmon -P, a pressure file
                             crossing its mark to the job stopped, beside -L; 1-2 min)
                             freeze (only when named, as root: dmon -P freezing a
                             100-process tree in its cgroup; freeze vs SIGSTOP; 1 min)
              --out FILE     the JSON results (default bench-results/dmon-bench.json,
                             or dmon-NAME-bench.json when only opt-in ones run)
              --bin DIR      where the dmon and dlog launchers are (default: bin/ of this tree)
              --scratch DIR  where the scratch directory is made (default /tmp)
            """;

    private DmonBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        List<String> only = new ArrayList<>();
        Path out = null;
        Path bin = null;
        Path scratch = Path.of("/tmp");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--quick" -> quick = true;
                case "--only", "--out", "--bin", "--scratch" -> {
                    if (value == null) {
                        usage("missing value for " + a);
                    }
                    i++;
                    switch (a) {
                        case "--only" -> only.addAll(List.of(value.split(",")));
                        case "--out" -> out = Path.of(value);
                        case "--bin" -> bin = Path.of(value);
                        default -> scratch = Path.of(value);
                    }
                }
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> usage("unknown argument '" + a + "'");
            }
        }
        List<Measurement> selected = new ArrayList<>();
        for (String name : only) {
            selected.add(Stream.concat(ALL.stream(), OPT_IN.stream()).filter(m -> m.name().equals(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> usageError("unknown measurement '" + name + "'")));
        }
        if (selected.isEmpty()) {
            selected.addAll(ALL);
        }
        if (out == null) {
            boolean optInOnly = OPT_IN.containsAll(selected);
            out = Path.of("bench-results", optInOnly ? "dmon-" + String.join("-", selected.stream()
                    .map(Measurement::name).toList()) + "-bench.json" : "dmon-bench.json");
        }
        Path benchJar = ownJar();
        if (bin == null) {
            String root = System.getProperty("dmon.bench.root");
            bin = root != null ? Path.of(root, "bin") : benchJar.toAbsolutePath().getParent().resolve("../../bin").normalize();
        }
        System.exit(run(quick, selected, out, bin.toAbsolutePath(), benchJar, scratch));
    }

    private static int run(boolean quick, List<Measurement> selected, Path out, Path bin, Path benchJar,
                           Path scratchParent) throws IOException {
        Path work = Files.createTempDirectory(Files.createDirectories(scratchParent), "dmon-bench-");
        Bench bench;
        try {
            bench = Bench.create(quick, bin, benchJar, work);
        } catch (IOException | InterruptedException e) {
            deleteTree(work);
            System.err.println("dmon-bench: " + e.getMessage() + " (build first: ./mvnw -q -DskipTests package)");
            return 1;
        }
        Thread cleanup = new Thread(() -> {
            bench.procs().killAll();
            deleteTree(work);
        }, "dmon-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        Map<String, Object> machine = bench.machine();
        System.out.println(header(quick, machine));
        String started = Instant.now().toString();
        List<Result> results = new ArrayList<>();
        for (Measurement m : selected) {
            long t0 = System.nanoTime();
            Result r;
            try {
                r = m.run(bench);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(new Result(m.name(), m.name()).fail("interrupted"));
                break;
            } catch (Exception e) {
                r = new Result(m.name(), m.name()).fail(e.toString());
            }
            r.seconds((System.nanoTime() - t0) / 1e9);
            results.add(r);
            System.out.println(r.table());
            System.out.flush();
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", "dmon-bench");
        json.put("quick", quick);
        json.put("started", started);
        json.put("finished", Instant.now().toString());
        json.put("machine", machine);
        json.put("measurements", results.stream().map(Result::toJson).toList());
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, Json.write(json));
        System.out.println("results: " + out);

        bench.procs().killAll();
        if (System.getenv("DMON_BENCH_KEEP") == null) {
            deleteTree(work);
        } else {
            // The logs of every process the run started, for when a figure needs explaining.
            System.out.println("scratch kept (DMON_BENCH_KEEP): " + work);
        }
        Runtime.getRuntime().removeShutdownHook(cleanup);
        return 0;
    }

    private static String header(boolean quick, Map<String, Object> m) {
        return String.format("dmon-bench%s: %s CPUs (%s), Linux %s, %s, CLK_TCK %s%n"
                        + "launchers %s (git %s); scratch %s%n"
                        + "launcher flags: %s%s%n",
                quick ? " --quick" : "", m.get("nproc"), m.get("cpu"), m.get("kernel"), m.get("java"), m.get("clk_tck"),
                m.get("launchers"), m.get("git"), m.get("scratch_fs"), m.get("launcher_flags"),
                ((String) m.get("java_opts")).isEmpty() ? "" : " (JAVA_OPTS: " + m.get("java_opts") + ")");
    }

    private static Path ownJar() {
        try {
            return Path.of(DmonBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void usage(String problem) {
        throw usageError(problem);
    }

    private static RuntimeException usageError(String problem) {
        System.err.println("dmon-bench: " + problem);
        System.err.print(USAGE);
        System.exit(2);
        return new IllegalStateException(problem);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("dmon-bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
