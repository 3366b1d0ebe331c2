package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code dmon -P} ({@code --only pressure}; not in the default run): the time from a pressure
 * file crossing the mark to the job's whole process group stopped, and back.
 *
 * <p>Method. {@code bin/dmon -n -I STATUS -P io=40 sh -c 'sleep & sleep & wait'} with
 * {@code DMON_PRESSURE_DIR} naming a directory of the kernel's files that the benchmark writes
 * (each write a rename, as the kernel's own file changes at once). Each round waits a random
 * 0 to 1,000 ms first, so the write falls anywhere in dmon's one-second sampling period, then
 * writes io's {@code some avg10} over the high mark and sweeps /proc until all three processes
 * are in state T; then the same for a value at the low mark and state S. The same rounds with
 * {@code -L 4} and a load file show the load gate beside it, on the same sampling. The floor is
 * the group stopped by one {@code kill -STOP} command, watched the same way.
 *
 * <p>Target: the sampling period plus 100 ms, 1.1 s, for the slowest round.
 */
final class PressureBench implements Measurement {
    private static final long LIMIT_MS = 10_000;
    private static final double TARGET_MS = 1_100;

    @Override
    public String name() {
        return "pressure";
    }

    @Override
    public Result run(Bench b) throws Exception {
        int rounds = b.quick() ? 5 : 20;
        Result r = new Result(name(), "dmon -P: pressure file crossing the mark -> the job's group stopped");
        Random random = new Random(14);
        Path pressure = Files.createDirectories(b.file("pressure"));
        for (String resource : List.of("cpu", "io", "memory")) {
            GateFiles.pressure(pressure, resource, 0);
        }
        Path loadavg = b.file("pressure.loadavg");
        GateFiles.load(loadavg, 0.1);

        b.progress("pressure: " + rounds + " rounds of -P io=40");
        Gated psi = start(b, "psi", List.of("env", "DMON_PRESSURE_DIR=" + pressure), "-P", "io=40");
        List<Double> stop = new ArrayList<>();
        List<Double> cont = new ArrayList<>();
        List<Double> floorStop = new ArrayList<>();
        try {
            for (int i = 0; i < rounds; i++) {
                floorStop.add(timeKill(psi.group, random));
            }
            for (int i = 0; i < rounds; i++) {
                stop.add(timed(psi.group, ProcStates::stopped, random, () -> GateFiles.pressure(pressure, "io", 60)));
                cont.add(timed(psi.group, ProcStates::running, random, () -> GateFiles.pressure(pressure, "io", 20)));
            }
        } finally {
            b.procs().stop(psi.dmon, 5_000);
        }

        b.progress("pressure: " + rounds + " rounds of -L 4, for comparison");
        Gated load = start(b, "load", List.of("env", "DMON_LOADAVG_FILE=" + loadavg), "-L", "4");
        List<Double> loadStop = new ArrayList<>();
        List<Double> loadCont = new ArrayList<>();
        try {
            for (int i = 0; i < rounds; i++) {
                loadStop.add(timed(load.group, ProcStates::stopped, random, () -> GateFiles.load(loadavg, 8)));
                loadCont.add(timed(load.group, ProcStates::running, random, () -> GateFiles.load(loadavg, 1)));
            }
        } finally {
            b.procs().stop(load.dmon, 5_000);
        }

        double floor = Stats.of(floorStop).p50();
        CrossingFigures.report(r, "-P io=40: file over the mark -> all 3 stopped", stop, floor, Target.atMost(TARGET_MS));
        CrossingFigures.report(r, "-P io=40: file at the low mark -> all 3 running", cont, floor,
                Target.atMost(TARGET_MS));
        CrossingFigures.report(r, "-L 4: load file over the mark -> all 3 stopped", loadStop, floor, null);
        CrossingFigures.report(r, "-L 4: load file at the low mark -> all 3 running", loadCont, floor, null);
        r.add(Figure.of("  floor: kill -STOP of the group, p50", floor, Unit.MS));
        r.samples("floor_stop_ms", floorStop);
        r.note("each round starts after a random wait of 0 to 1,000 ms, so the crossing falls anywhere in"
                + " dmon's 1 s sampling period: p50 shows the typical wait (about half a period), p99 (with "
                + rounds + " rounds, the maximum) the worst phase");
        r.note("times run from the rename of the file into place to the benchmark's /proc sweep (every 1 ms)"
                + " seeing the last of the group's processes in the wanted state; target: the sampling period"
                + " plus 100 ms");
        return r;
    }

    /** dmon and its command's process group. */
    private record Gated(Process dmon, List<Long> group) {
    }

    private static Gated start(Bench b, String name, List<String> env, String... gate) throws Exception {
        Path status = b.file(name + ".status");
        Files.deleteIfExists(status);
        List<String> cmd = new ArrayList<>(env);
        List<String> args = new ArrayList<>(List.of("-n", "-I", status.toString()));
        args.addAll(List.of(gate));
        args.addAll(List.of("sh", "-c", "sleep 1000000 & sleep 1000000 & wait"));
        cmd.addAll(b.dmon(args.toArray(new String[0])));
        Path log = b.file(name + ".log");
        Process dmon = b.procs().start(cmd, log);
        long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            String text = Files.exists(status) ? Files.readString(status) : "";
            if (text.startsWith("cmd start ")) {
                long pgid = Long.parseLong(text.lines().findFirst().orElseThrow().split(" ")[2]);
                List<Long> group = group(pgid);
                if (group.size() == 3) {
                    return new Gated(dmon, group);
                }
            }
            if (!dmon.isAlive()) {
                throw new IOException("dmon " + String.join(" ", gate) + " ended: " + Procs.lastLine(log));
            }
            Thread.sleep(10);
        }
        b.procs().stop(dmon, 5_000);
        throw new IOException("dmon " + String.join(" ", gate) + ": no group of 3 within " + LIMIT_MS / 1000 + " s");
    }

    /** The live members of process group {@code pgid}, from /proc. */
    private static List<Long> group(long pgid) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .filter(n -> {
                        try {
                            String stat = Files.readString(Path.of("/proc", n, "stat"));
                            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return after[0].charAt(0) != 'Z' && Long.parseLong(after[2]) == pgid;
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    }).map(Long::parseLong).toList();
        }
    }

    /** Waits a random part of the sampling period, runs {@code action}, and times it to the wanted state. */
    private static double timed(List<Long> pids, Predicate<Character> wanted, Random random, Quiet.Step action)
            throws IOException, InterruptedException {
        Thread.sleep(random.nextInt(1_000));
        long t0 = System.nanoTime();
        action.run();
        long done = ProcStates.awaitAll(pids, wanted, LIMIT_MS);
        if (done < 0) {
            throw new IOException("the group did not reach the wanted state within " + LIMIT_MS / 1000 + " s");
        }
        return (done - t0) / 1e6;
    }

    private static double timeKill(List<Long> group, Random random) throws IOException, InterruptedException {
        List<String> stop = new ArrayList<>(List.of("kill", "-STOP"));
        List<String> cont = new ArrayList<>(List.of("kill", "-CONT"));
        group.forEach(p -> {
            stop.add(Long.toString(p));
            cont.add(Long.toString(p));
        });
        double ms = timed(group, ProcStates::stopped, random, () -> Quiet.run(stop));
        Quiet.run(cont);
        if (ProcStates.awaitAll(group, ProcStates::running, LIMIT_MS) < 0) {
            throw new IOException("the group did not continue after kill -CONT");
        }
        return ms;
    }
}
