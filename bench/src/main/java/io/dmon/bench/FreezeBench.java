package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Whole-tree pause with cgroups ({@code --only freeze}; not in the default run; root on a host
 * whose cgroup v2 hierarchy is writable).
 *
 * <p>Method. (1) {@code bin/dmon -n -P io=40} runs a tree of 100 processes, 49 of them
 * setsid'd (out of the job's process group), in the job's own v2 cgroup. Each round waits a
 * random 0 to 1,000 ms, renames a pressure file over the mark into place, and reads the cgroup's
 * {@code cgroup.events} every millisecond until the kernel says {@code frozen 1}: every process
 * of the tree frozen; then the file at the low mark, until {@code frozen 0}. (2) Side by side, on
 * a tree of 100 processes in one process group in a cgroup of the benchmark's: the group stopped
 * by {@code kill -STOP -- -PGID} until every one is in state T (the floor: what dmon did before),
 * and the cgroup frozen by {@code sh -c 'echo 1 > cgroup.freeze'} until {@code frozen 1}; both
 * by a command the benchmark starts, so each pays one fork and exec.
 *
 * <p>Target: the sampling period plus 100 ms, 1.1 s, for the slowest round of (1).
 */
final class FreezeBench implements Measurement {
    private static final long LIMIT_MS = 10_000;
    private static final double TARGET_MS = 1_100;
    private static final Path V2 = Path.of("/sys/fs/cgroup/unified");
    private static final String TREE = "for i in $(seq 50); do sleep 1000000 & done;"
            + " for i in $(seq 49); do setsid sleep 1000000 & done; wait";

    @Override
    public String name() {
        return "freeze";
    }

    @Override
    public Result run(Bench b) throws Exception {
        Result r = new Result(name(), "cgroups: pressure crossing -> a 100-process tree frozen; freeze vs SIGSTOP");
        if (!Files.isWritable(V2.resolve("cgroup.procs"))) {
            return r.fail("no writable cgroup v2 hierarchy at " + V2 + " (run as root on a host with one)");
        }
        int rounds = b.quick() ? 5 : 20;
        Random random = new Random(14);
        Path pressure = Files.createDirectories(b.file("freeze-pressure"));
        for (String resource : List.of("cpu", "io", "memory")) {
            GateFiles.pressure(pressure, resource, 0);
        }
        b.progress("freeze: " + rounds + " rounds of -P io=40 on a 100-process tree");
        List<String> cmd = new ArrayList<>(List.of("env", "DMON_PRESSURE_DIR=" + pressure));
        cmd.addAll(b.dmon("-n", "-P", "io=40", "sh", "-c", TREE));
        Process dmon = b.procs().start(cmd, b.file("freeze.log"));
        List<Double> freeze = new ArrayList<>();
        List<Double> thaw = new ArrayList<>();
        try {
            Path job = V2.resolve("dmon").resolve("dmon-" + dmon.pid()).resolve("job");
            awaitCount(job, 100);
            for (int i = 0; i < rounds; i++) {
                freeze.add(timed(job, "frozen 1", random, () -> GateFiles.pressure(pressure, "io", 60)));
                thaw.add(timed(job, "frozen 0", random, () -> GateFiles.pressure(pressure, "io", 20)));
            }
        } finally {
            b.procs().stop(dmon, 10_000);
        }

        b.progress("freeze: " + rounds + " rounds of freeze vs SIGSTOP on 100 processes in one group");
        Path own = V2.resolve("dmon-bench-" + ProcessHandle.current().pid());
        Files.createDirectories(own);
        List<Double> sigstop = new ArrayList<>();
        List<Double> frozen = new ArrayList<>();
        Process tree = new ProcessBuilder("setsid", "sh", "-c", "echo $$ > " + own.resolve("cgroup.procs")
                + "; for i in $(seq 99); do sleep 1000000 & done; wait")
                .redirectErrorStream(true).redirectOutput(b.file("freeze-tree.log").toFile()).start();
        try {
            awaitCount(own, 100);
            List<Long> pids = pids(own);
            long pgid = tree.pid();
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                Quiet.run(List.of("kill", "-STOP", "--", "-" + pgid));
                long done = ProcStates.awaitAll(pids, ProcStates::stopped, LIMIT_MS);
                check(done, "the group stopped");
                sigstop.add((done - t0) / 1e6);
                Quiet.run(List.of("kill", "-CONT", "--", "-" + pgid));
                check(ProcStates.awaitAll(pids, ProcStates::running, LIMIT_MS), "the group continued");

                t0 = System.nanoTime();
                Quiet.run(List.of("sh", "-c", "echo 1 > " + own.resolve("cgroup.freeze")));
                done = awaitEvent(own, "frozen 1");
                frozen.add((done - t0) / 1e6);
                Quiet.run(List.of("sh", "-c", "echo 0 > " + own.resolve("cgroup.freeze")));
                awaitEvent(own, "frozen 0");
            }
        } finally {
            Files.writeString(own.resolve("cgroup.kill"), "1");
            tree.waitFor();
            long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
            while (!Files.readString(own.resolve("cgroup.procs")).isBlank() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Files.deleteIfExists(own);
        }

        double floor = Stats.of(sigstop).p50();
        CrossingFigures.report(r, "-P io=40: file over the mark -> 100-process tree frozen (cgroup.events)", freeze, floor,
                Target.atMost(TARGET_MS));
        CrossingFigures.report(r, "-P io=40: file at the low mark -> tree thawed", thaw, floor, null);
        Stats f = Stats.of(frozen);
        r.add(Figure.of("freeze of 100 processes (echo 1 > cgroup.freeze -> frozen 1), p50", f.p50(), Unit.MS)
                .floor(floor).detail(String.format(Locale.ROOT, "%d rounds, p99 %.1f ms, %.2fx SIGSTOP",
                        frozen.size(), f.p99(), f.p50() / floor)));
        r.add(Figure.of("  floor: kill -STOP -- -PGID of the same 100 -> all in state T, p50", floor, Unit.MS));
        r.samples("sigstop_ms", sigstop);
        r.samples("freeze_ms", frozen);
        r.note("the tree under dmon has 49 of its 100 processes setsid'd: SIGSTOP to the group would miss"
                + " them; the cgroup holds them all. dmon sends SIGSTOP to the group as before, then freezes");
        r.note("each dmon round starts after a random wait of 0 to 1,000 ms, so the crossing falls anywhere in"
                + " dmon's 1 s sampling period; target: the sampling period plus 100 ms");
        return r;
    }

    private static void awaitCount(Path cgroup, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
        while (pids(cgroup).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + count + " processes in " + cgroup + " within " + LIMIT_MS / 1000 + " s");
            }
            Thread.sleep(10);
        }
    }

    private static List<Long> pids(Path cgroup) throws IOException {
        if (!Files.exists(cgroup.resolve("cgroup.procs"))) {
            return List.of();
        }
        return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank())
                .map(l -> Long.parseLong(l.trim())).toList();
    }

    private static long awaitEvent(Path cgroup, String event) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (Files.readString(cgroup.resolve("cgroup.events")).contains(event + "\n")) {
                return System.nanoTime();
            }
            Thread.sleep(1);
        }
        throw new IOException(cgroup + " not '" + event + "' within " + LIMIT_MS / 1000 + " s");
    }

    private static double timed(Path cgroup, String event, Random random, Quiet.Step action)
            throws IOException, InterruptedException {
        Thread.sleep(random.nextInt(1_000));
        long t0 = System.nanoTime();
        action.run();
        return (awaitEvent(cgroup, event) - t0) / 1e6;
    }

    private static void check(long done, String what) throws IOException {
        if (done < 0) {
            throw new IOException("not " + what + " within " + LIMIT_MS / 1000 + " s");
        }
    }
}
