package io.dmon.bench;

import io.dmon.bench.Figure.Unit;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Fleet pausing at scale ({@code --only pause}; not in the default run): one coordinator, 50 real
 * agents in 5 JVMs of 10 ({@link AgentHerd}), 1,000 jobs that are real {@code sleep} processes.
 * Each round times, from the request to the moment /proc shows every one of the 1,000 processes
 * in the wanted state: a Pause of the whole fleet (state T), a Resume (S again), a gate on one
 * host closing after its load file goes above the high mark, and opening after it falls. The
 * floor is the same 1,000 processes stopped and continued by one {@code kill} command, the
 * benchmark watching /proc the same way.
 */
final class PauseBench implements Measurement {
    private static final int HERDS = 5;
    private static final int PER_HERD = 10;
    private static final int JOBS = 1_000;
    private static final long LIMIT_MS = 60_000;

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public Result run(Bench b) throws Exception {
        int rounds = b.quick() ? 3 : 10;
        int hosts = HERDS * PER_HERD;
        Result r = new Result(name(), "fleet pausing: " + JOBS + " real processes on " + hosts
                + " agents (" + HERDS + " JVMs of " + PER_HERD + "), one coordinator");
        Path dir = Files.createDirectories(b.file("pause-herd"));
        try (Fleet fleet = Fleet.start(b, 0)) {
            List<Long> herdPids = new ArrayList<>();
            for (int h = 0; h < HERDS; h++) {
                herdPids.add(b.procs().start(b.javaWithAgent(AgentHerd.class, fleet.address(), dir.toString(), "h",
                        Integer.toString(1 + h * PER_HERD), Integer.toString(PER_HERD)), b.file("herd-" + h + ".log")).pid());
            }
            for (int i = 1; i <= hosts; i++) {
                fleet.awaitUp(host(i), 120_000);
            }
            b.progress("pause: " + hosts + " agents UP; starting " + JOBS + " jobs");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                RunRequest req = RunRequest.newBuilder().addHosts(host(1 + i % hosts)).setName("p" + i).addTags("batch")
                        .setSpec(JobSpec.newBuilder().addCommand("sleep").addCommand("1000000").setMaxRespawns(-1))
                        .build();
                fleet.operator().run(req).getJobsList().forEach(j -> ids.add(j.getId()));
            }
            Map<String, Long> pids = awaitPids(fleet, ids);
            if (pids.size() < JOBS) {
                return r.fail("only " + pids.size() + " of " + JOBS + " jobs RUNNING within " + LIMIT_MS / 1000 + " s");
            }
            List<Long> all = new ArrayList<>(pids.values());
            try {
                measure(b, fleet, r, all, rounds, dir, herdPids);
            } finally {
                fleet.stopJobs(ids);
            }
        }
        r.note("times run from the request (the RPC's start; for dmonctl, its launch) to the moment the "
                + "benchmark's /proc sweep sees the last of the " + JOBS + " processes in the wanted state; "
                + "p99 is nearest-rank (with 10 rounds, the maximum)");
        r.note("one pause and resume before the rounds are not counted (cold paths: class loading, JIT)");
        r.note("a gate's time includes the agent's heartbeat period (the load reaches the coordinator with "
                + "the next heartbeat) and the evaluator's 500 ms tick");
        r.note("everything (coordinator, 5 agent JVMs, 1,000 processes, the sweeps) shares "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        return r;
    }

    private static void measure(Bench b, Fleet fleet, Result r, List<Long> pids, int rounds, Path dir,
                                List<Long> herdPids) throws IOException, InterruptedException {
        List<Double> floorStop = new ArrayList<>();
        List<Double> floorCont = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            floorStop.add(timeKill(b, "-STOP", pids, ProcStates::stopped));
            floorCont.add(timeKill(b, "-CONT", pids, ProcStates::running));
        }
        Selector everything = Selector.newBuilder().setAll(true).build();
        // One round not counted: the first pause runs the agents' and coordinator's paths cold
        // (class loading, JIT), which a fleet pays once, not per pause.
        timed(pids, ProcStates::stopped, () -> fleet.operator().pause(
                PauseRequest.newBuilder().setSelector(everything).setBy("dmon-bench").build()));
        timed(pids, ProcStates::running, () -> fleet.operator().resume(
                ResumeRequest.newBuilder().setSelector(everything).setBy("dmon-bench").build()));
        List<Double> pause = new ArrayList<>();
        List<Double> pauseRpc = new ArrayList<>();
        List<Double> resume = new ArrayList<>();
        long coordinatorCpu = Procs.cpuTicks(fleet.coordinatorPid()) * 10_000_000L;
        long herdCpu = cpu(herdPids);
        long wall = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            pause.add(timed(pids, ProcStates::stopped, () -> {
                long t0 = System.nanoTime();
                fleet.operator().pause(PauseRequest.newBuilder().setSelector(everything).setBy("dmon-bench").build());
                pauseRpc.add((System.nanoTime() - t0) / 1e6);
            }));
            resume.add(timed(pids, ProcStates::running, () -> fleet.operator().resume(
                    ResumeRequest.newBuilder().setSelector(everything).setBy("dmon-bench").build())));
        }
        double seconds = (System.nanoTime() - wall) / 1e9;
        r.add(Figure.of("coordinator CPU during the pause/resume rounds", (Procs.cpuTicks(fleet.coordinatorPid()) * 10_000_000L
                - coordinatorCpu) / 1e6 / (2.0 * rounds), Unit.MS).detail("per pause or resume of " + pids.size()
                + " jobs, over " + String.format(Locale.ROOT, "%.1f", seconds) + " s of rounds"));
        r.add(Figure.of("50 agents' CPU during the pause/resume rounds", (cpu(herdPids) - herdCpu) / 1e6 / (2.0 * rounds),
                Unit.MS).detail("per pause or resume, the 5 agent JVMs together"));
        List<Double> ctlPause = new ArrayList<>();
        for (int i = 0; i < Math.min(rounds, 3); i++) {
            long t0 = System.nanoTime();
            Fleet.Ctl ctl = fleet.ctl(LIMIT_MS, "pause", "--all");
            long done = ProcStates.awaitAll(pids, ProcStates::stopped, LIMIT_MS);
            if (ctl.exit() != 0 || done < 0) {
                r.add(Figure.failed("dmonctl pause --all", "exit " + ctl.exit() + ": " + ctl.lastLine()));
                break;
            }
            ctlPause.add((done - t0) / 1e6);
            fleet.operator().resume(ResumeRequest.newBuilder().setSelector(everything).setBy("dmon-bench").build());
            ProcStates.awaitAll(pids, ProcStates::running, LIMIT_MS);
        }
        fleet.operator().addGate(AddGateRequest.newBuilder().setBy("dmon-bench").setGate(Gate.newBuilder()
                .setName("bench").setWatch(Gate.Watch.HOST).setWatchHost(host(1)).setHigh(4).setLow(2)
                .setSelector(everything)).build());
        // What the coordinator knows of the watched host as the gate rounds begin: a stale
        // last-seen means its heartbeats are queued behind reports of the rounds before.
        fleet.operator().listHosts(io.dmon.proto.v1.ListHostsRequest.getDefaultInstance()).getHostsList().stream()
                .filter(h -> h.getName().equals(host(1))).findFirst().ifPresent(h -> b.progress("pause: before the gate "
                        + "rounds " + h.getName() + " is " + (h.getUp() ? "UP" : "DOWN") + ", last seen "
                        + (System.currentTimeMillis() - h.getLastSeenUnixMs()) + " ms ago"));
        List<Double> gateClose = new ArrayList<>();
        List<Double> gateDecided = new ArrayList<>();
        List<Double> gateOpen = new ArrayList<>();
        try {
            for (int i = 0; i < rounds; i++) {
                gateClose.add(timed(pids, ProcStates::stopped, () -> {
                    long t0 = System.nanoTime();
                    setLoad(dir, host(1), 8.0);
                    // When the coordinator decided, apart from when the processes stopped.
                    long deadline = t0 + LIMIT_MS * 1_000_000;
                    while (System.nanoTime() < deadline && !fleet.operator().listGates(
                            io.dmon.proto.v1.ListGatesRequest.getDefaultInstance()).getGates(0).getGate().getClosed()) {
                        Thread.sleep(20);
                    }
                    gateDecided.add((System.nanoTime() - t0) / 1e6);
                }));
                gateOpen.add(timed(pids, ProcStates::running, () -> setLoad(dir, host(1), 0.5)));
            }
        } finally {
            fleet.operator().removeGate(RemoveGateRequest.newBuilder().setName("bench").setBy("dmon-bench").build());
        }
        report(r, "pause --all (RPC)", pause, floorStop);
        report(r, "  of which the Pause RPC itself", pauseRpc, floorStop);
        report(r, "resume --all (RPC)", resume, floorCont);
        if (!ctlPause.isEmpty()) {
            report(r, "dmonctl pause --all (JVM included)", ctlPause, floorStop);
        }
        report(r, "gate closing (load file -> all T)", gateClose, floorStop);
        report(r, "  of which until the gate is CLOSED", gateDecided, floorStop);
        report(r, "gate opening (load file -> none T)", gateOpen, floorCont);
        r.add(Figure.of("  floor: kill -STOP of " + pids.size() + " pids, p50", Stats.of(floorStop).p50(), Unit.MS));
        r.add(Figure.of("  floor: kill -CONT of " + pids.size() + " pids, p50", Stats.of(floorCont).p50(), Unit.MS));
        r.samples("floor_stop_ms", floorStop);
        r.samples("floor_cont_ms", floorCont);
    }

    /** CPU nanoseconds of these processes, all threads ever (clock ticks of 10 ms). */
    private static long cpu(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            sum += Procs.cpuTicks(pid) * 10_000_000L;
        }
        return sum;
    }

    private static void report(Result r, String what, List<Double> samples, List<Double> floor) {
        if (samples.isEmpty()) {
            r.add(Figure.failed(what, "no sample"));
            return;
        }
        Stats s = Stats.of(samples);
        double f = Stats.of(floor).p50();
        r.add(Figure.of(what + ", p50", s.p50(), Unit.MS).floor(f)
                .detail(String.format(Locale.ROOT, "%d rounds, p99 %.0f ms", samples.size(), s.p99())));
        r.add(Figure.of(what + ", p99", s.p99(), Unit.MS));
        r.samples(what.replaceAll("[^a-z]+", "_"), samples);
    }

    /** Runs {@code action}, then sweeps /proc until every pid is in the wanted state: milliseconds. */
    private static double timed(List<Long> pids, Predicate<Character> wanted, Quiet.Step action)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        action.run();
        long done = ProcStates.awaitAll(pids, wanted, LIMIT_MS);
        if (done < 0) {
            throw new IOException("not every process reached the wanted state within " + LIMIT_MS / 1000 + " s");
        }
        return (done - t0) / 1e6;
    }

    private static double timeKill(Bench b, String signal, List<Long> pids, Predicate<Character> wanted)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        return timed(pids, wanted, () -> Quiet.run(cmd));
    }

    private static void setLoad(Path dir, String host, double load) throws IOException {
        Path tmp = dir.resolve(host + ".loadavg.tmp");
        Files.writeString(tmp, String.format(Locale.ROOT, "%.2f %.2f %.2f 1/100 1%n", load, load, load));
        Files.move(tmp, dir.resolve(host + ".loadavg"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Long> awaitPids(Fleet fleet, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
        Map<String, Long> pids = new HashMap<>();
        while (System.nanoTime() < deadline) {
            pids.clear();
            for (JobView v : fleet.operator().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList()) {
                if (v.getStatus().getState() == JobState.RUNNING && v.getStatus().getPid() > 0) {
                    pids.put(v.getJob().getId(), (long) v.getStatus().getPid());
                }
            }
            if (pids.size() >= ids.size()) {
                break;
            }
            Thread.sleep(250);
        }
        return pids;
    }

    private static String host(int n) {
        return String.format("h%02d", n);
    }
}
