package io.dmon.bench;

import io.dmon.bench.Figure.Unit;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.RunRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fleet on loopback ({@code --only fleet}; not in the default run): one coordinator and two
 * agents, each its own JVM. Dispatch and log latency ({@link FleetLatency}), log throughput to a
 * follower ({@link FleetThroughput}), {@code dmonctl ps} with 100 jobs against the floor
 * {@code dmonctl --help}, then the coordinator's memory and CPU with 1,000 simulated agents
 * heartbeating every second ({@link SimulatedAgents}) and {@code dmonctl hosts} among them.
 */
final class FleetBench implements Measurement {
    private static final int PS_JOBS = 100;
    private static final int SIMULATED = 1_000;

    @Override
    public String name() {
        return "fleet";
    }

    @Override
    public Result run(Bench b) throws Exception {
        boolean quick = b.quick();
        Result r = new Result(name(), "fleet on loopback: one coordinator, two agents (separate JVMs)");
        try (Fleet fleet = Fleet.start(b, 2)) {
            FleetLatency latency = new FleetLatency(b, fleet);
            latency.dispatch(r, quick ? 5 : 20);
            latency.logs(r, quick ? 20 : 50);
            new FleetThroughput(b, fleet).run(r, quick ? 50_000 : 200_000);
            ps(b, fleet, r, quick ? 5 : 10);
            simulated(b, fleet, r, quick ? 15 : 60);
        }
        r.note("latencies are stamped by the benchmark with System.nanoTime; p99 is nearest-rank (with 20 "
                + "samples, the maximum)");
        r.note("the benchmark's own JVM (FIFO readers, follower readers, the simulated agents) shares the "
                + Runtime.getRuntime().availableProcessors() + " CPUs with what it measures");
        return r;
    }

    /** {@code dmonctl ps} wall time with 100 sleeping jobs, and {@code dmonctl --help} as its floor. */
    private static void ps(Bench b, Fleet fleet, Result r, int runs) throws IOException, InterruptedException {
        b.progress("fleet: starting " + PS_JOBS + " jobs for ps");
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < PS_JOBS; i++) {
                RunRequest req = RunRequest.newBuilder().addHosts(i % 2 == 0 ? "a1" : "a2").setName("p" + i)
                        .setSpec(JobSpec.newBuilder().addCommand("sleep").addCommand("600").setMaxRespawns(-1)).build();
                fleet.operator().run(req).getJobsList().forEach(j -> ids.add(j.getId()));
            }
            int running = awaitRunning(fleet, ids, 60_000);
            List<Double> ps = new ArrayList<>();
            List<Double> help = new ArrayList<>();
            String failure = null;
            int listed = 0;
            for (int i = 0; i < runs && failure == null; i++) {
                Fleet.Ctl p = fleet.ctl(60_000, "ps");
                Fleet.Ctl h = fleet.ctl(60_000, "--help");
                if (p.exit() != 0 || h.exit() != 0) {
                    failure = "dmonctl ps exited " + p.exit() + ", --help exited " + h.exit() + ": "
                            + p.output().strip();
                    break;
                }
                listed = (int) p.output().lines().filter(l -> l.matches("p\\d+@a[12] .*")).count();
                ps.add(p.millis());
                help.add(h.millis());
            }
            if (ps.isEmpty()) {
                r.add(Figure.failed("dmonctl ps with " + PS_JOBS + " jobs, p50", failure));
                return;
            }
            double floor = Stats.of(help).p50();
            r.add(Figure.of("dmonctl ps with " + PS_JOBS + " jobs, p50", Stats.of(ps).p50(), Unit.MS).floor(floor)
                    .detail(String.format(Locale.ROOT, "%d runs, wall time incl. JVM start; %d jobs RUNNING, "
                            + "%d listed; floor: dmonctl --help (JVM and picocli start)", ps.size(), running, listed)));
            r.add(Figure.of("  floor: dmonctl --help, p50", floor, Unit.MS));
            r.samples("ps_ms", ps);
            r.samples("help_ms", help);
        } finally {
            fleet.stopJobs(ids);
        }
    }

    private static int awaitRunning(Fleet fleet, List<String> ids, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int running = 0;
        while (System.nanoTime() < deadline) {
            running = 0;
            for (JobView v : fleet.operator().listJobs(ListJobsRequest.newBuilder().addAllJobIds(ids).build())
                    .getJobsList()) {
                if (v.getStatus().getState() == JobState.RUNNING) {
                    running++;
                }
            }
            if (running == ids.size()) {
                break;
            }
            Thread.sleep(250);
        }
        return running;
    }

    /** The coordinator with 1,000 simulated agents: RSS, CPU per second, dmonctl hosts. */
    private static void simulated(Bench b, Fleet fleet, Result r, int seconds) throws Exception {
        long pid = fleet.coordinatorPid();
        double rssBefore = Procs.statusKib(pid, "VmRSS") / 1024.0;
        long ticks = b.clockTicks();
        int port = Integer.parseInt(fleet.address().substring(fleet.address().lastIndexOf(':') + 1));
        b.progress("fleet: " + SIMULATED + " simulated agents");
        long t0 = System.nanoTime();
        try (SimulatedAgents sims = new SimulatedAgents(port, SIMULATED, 10)) {
            long deadline = t0 + 120_000_000_000L;
            while (sims.registered() < SIMULATED && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double registerSeconds = (System.nanoTime() - t0) / 1e9;
            if (sims.registered() < SIMULATED) {
                r.add(Figure.failed("1,000 simulated agents", sims.registered() + " registered within 120 s, "
                        + sims.ended() + " sessions ended"));
                return;
            }
            Thread.sleep(2_000); // the registration burst settles
            double rssStart = Procs.statusKib(pid, "VmRSS") / 1024.0;
            long ticks0 = Procs.cpuTicks(pid);
            long nanos0 = Procs.cpuNanos(pid);
            long self0 = Procs.cpuTicks(ProcessHandle.current().pid());
            int beats0 = sims.heartbeats();
            long w0 = System.nanoTime();
            b.progress("fleet: " + SIMULATED + " agents registered in " + String.format(Locale.ROOT, "%.1f",
                    registerSeconds) + " s; steady window of " + seconds + " s");
            Thread.sleep(seconds * 1_000L);
            double window = (System.nanoTime() - w0) / 1e9;
            double cpu = (Procs.cpuTicks(pid) - ticks0) * 1000.0 / ticks / window;
            double sched = (Procs.cpuNanos(pid) - nanos0) / 1e6 / window;
            double self = (Procs.cpuTicks(ProcessHandle.current().pid()) - self0) * 1000.0 / ticks / window;
            int beats = sims.heartbeats() - beats0;
            double rssEnd = Procs.statusKib(pid, "VmRSS") / 1024.0;
            r.add(Figure.of("coordinator CPU, 1,000 agents heartbeating 1/s", cpu, Unit.MS_PER_S).detail(
                    String.format(Locale.ROOT, "utime+stime over %.0f s (schedstat of the live threads %.0f ms/s); %,d heartbeats "
                            + "(%.0f/s); %d sessions ended; the simulating bench JVM used %.0f ms/s", window, sched,
                            beats, beats / window, sims.ended(), self)));
            r.add(Figure.of("coordinator RSS, 1,000 agents, end of window", rssEnd, Unit.MIB).detail(String.format(
                    Locale.ROOT, "VmRSS %.1f MiB before the agents connected (after the measurements above: "
                            + "a grown heap, so the difference is not the agents' cost alone), %.1f MiB at the "
                            + "window's start; "
                            + "peak %.1f MiB; registration of all took %.1f s", rssBefore, rssStart,
                    Procs.statusKib(pid, "VmHWM") / 1024.0, registerSeconds)));
            List<Double> hosts = new ArrayList<>();
            int lines = 0;
            for (int i = 0; i < 3; i++) {
                Fleet.Ctl h = fleet.ctl(60_000, "hosts");
                if (h.exit() != 0) {
                    r.add(Figure.failed("dmonctl hosts with 1,002 hosts", "exit " + h.exit() + ": " + h.lastLine()));
                    break;
                }
                lines = (int) h.output().lines().count() - 1;
                hosts.add(h.millis());
            }
            if (!hosts.isEmpty()) {
                r.add(Figure.of("dmonctl hosts with 1,002 hosts, p50", Stats.of(hosts).p50(), Unit.MS).detail(
                        hosts.size() + " runs, wall time incl. JVM start; " + lines + " hosts listed"));
                r.samples("hosts_ms", hosts);
            }
        }
    }
}
