package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.SkippedLines;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Soak: a coordinator and ten agents on loopback run 200 jobs for ten minutes (one in quick
 * mode) while the benchmark samples the coordinator's and the agents' resident set and open
 * descriptors every ten seconds, and their live heaps (what a full GC leaves, {@link LiveHeap})
 * every half minute or minute; afterwards it reads every job's whole history back and counts
 * the lines lost (a gap in a run's counter, or a range the reply calls skipped) and the lines
 * repeated.
 *
 * <p>The jobs, twenty per agent: half are counters that print twenty numbered lines a second
 * for ever; a quarter print twenty numbered lines and exit 1 after a second's sleep, so they are
 * restarted all the time (each run counts from 1 again); a quarter are counters tagged
 * {@code soak-pause}, which the benchmark pauses for ten seconds out of every twenty. Every line
 * of every run must arrive once: the values of a run are exactly 1..N.
 *
 * <p>The slopes are least-squares fits over the samples after the warm-up (the first fifth of the
 * run), in MiB and descriptors per minute: flat means no leak of that size within the run. The
 * coordinator's rings are kept small ({@link #RING_LINES}) so that they are full before the
 * warm-up ends.
 * There is no floor: what is measured is a trend of dmon's own processes, not a cost.
 */
final class Soak implements Measurement {
    private static final int AGENTS = 10;
    private static final int JOBS_PER_AGENT = 20;
    private static final long SAMPLE_MILLIS = 10_000;
    /**
     * The live heap (a class histogram, which runs a full GC first) is read less often than RSS:
     * each reading starts a jcmd JVM and stops the measured one for a full collection.
     */
    private static final long COORDINATOR_HEAP_MILLIS = 30_000;
    private static final long AGENT_HEAP_MILLIS = 60_000;
    private static final int GROWTH_CLASSES = 8;
    private static final long PAUSE_PERIOD_MILLIS = 20_000;
    private static final String PAUSE_TAG = "soak-pause";
    /**
     * Lines kept per job in the coordinator's ring: small, so that every ring is full within the
     * warm-up and the slopes measure leaks, not the cache filling (at the default 10,000 lines a
     * job's ring fills only after 8 to 16 minutes of this load). History comes from the hosts.
     */
    private static final int RING_LINES = 1_000;

    private static final String COUNTER = "i=0; while :; do i=$((i+1)); echo $i; "
            + "[ $((i % 20)) -eq 0 ] && sleep 1; done";
    private static final String RESTARTER = "i=0; while [ $i -lt 20 ]; do i=$((i+1)); echo $i; done; sleep 1; exit 1";

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public Result run(Bench b) throws Exception {
        long runMillis = b.quick() ? 60_000 : 600_000;
        Result r = new Result(name(), String.format(Locale.ROOT, "soak: %d jobs on %d agents for %d min",
                AGENTS * JOBS_PER_AGENT, AGENTS, runMillis / 60_000));
        try (Fleet fleet = Fleet.start(b, AGENTS, null, List.of("--log-capacity", Integer.toString(RING_LINES)))) {
            List<String> ids = startJobs(fleet, b);
            b.progress("soak: " + ids.size() + " jobs started; sampling every " + SAMPLE_MILLIS / 1000 + " s for "
                    + runMillis / 1000 + " s");
            Samples coordinator = new Samples();
            Samples agents = new Samples();
            HeapSamples coordinatorHeap = new HeapSamples();
            HeapSamples agentHeap = new HeapSamples();
            long t0 = System.nanoTime();
            long end = t0 + runMillis * 1_000_000;
            double warm = runMillis / 60_000.0 / 5;
            long nextSample = t0;
            HeapSampler heapSampler = new HeapSampler(fleet, t0, end, warm, coordinatorHeap, agentHeap);
            heapSampler.start();
            boolean paused = false;
            long nextToggle = t0 + PAUSE_PERIOD_MILLIS / 2 * 1_000_000;
            int pauses = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextSample) {
                    double minute = (now - t0) / 60e9;
                    coordinator.add(minute, rssMib(fleet.coordinatorPid()), openFds(fleet.coordinatorPid()));
                    double rss = 0;
                    double fds = 0;
                    for (int n = 1; n <= AGENTS; n++) {
                        rss += rssMib(fleet.agentPid(n));
                        fds += openFds(fleet.agentPid(n));
                    }
                    agents.add(minute, rss / AGENTS, fds / AGENTS);
                    nextSample += SAMPLE_MILLIS * 1_000_000;
                }
                if (now >= nextToggle) {
                    Selector tagged = Selector.newBuilder().setTag(PAUSE_TAG).build();
                    if (paused) {
                        fleet.operator().resume(ResumeRequest.newBuilder().setSelector(tagged).setBy("dmon-bench").build());
                    } else {
                        fleet.operator().pause(PauseRequest.newBuilder().setSelector(tagged).setBy("dmon-bench").build());
                        pauses++;
                    }
                    paused = !paused;
                    nextToggle += PAUSE_PERIOD_MILLIS / 2 * 1_000_000;
                }
                Thread.sleep(Math.max(1, Math.min(nextSample, nextToggle) - System.nanoTime()) / 1_000_000 + 1);
            }
            heapSampler.finish();
            if (paused) {
                fleet.operator().resume(ResumeRequest.newBuilder()
                        .setSelector(Selector.newBuilder().setTag(PAUSE_TAG)).setBy("dmon-bench").build());
            }
            b.progress("soak: stopping the jobs and reading every history back");
            fleet.stopJobs(ids);
            awaitStopped(fleet, ids);
            History history = readHistories(fleet, ids);
            r.add(Figure.of("coordinator RSS, last sample", coordinator.lastRss(), Unit.MIB));
            r.add(slope("coordinator RSS slope after warm-up", coordinator.rssSlope(warm), Unit.MIB_PER_MIN));
            r.add(Figure.of("coordinator live heap after full GC, last sample", coordinatorHeap.lastMib(), Unit.MIB));
            r.add(slope("coordinator live heap slope after warm-up", coordinatorHeap.slope(warm), Unit.MIB_PER_MIN)
                    .detail("grew most: " + coordinatorHeap.growth()));
            r.add(slope("coordinator open fds slope after warm-up", coordinator.fdSlope(warm), Unit.PER_MIN)
                    .detail(String.format(Locale.ROOT, "%.0f fds at the last sample", coordinator.lastFds())));
            r.add(Figure.of("agent RSS (mean of " + AGENTS + "), last sample", agents.lastRss(), Unit.MIB));
            r.add(slope("agent RSS slope after warm-up (mean)", agents.rssSlope(warm), Unit.MIB_PER_MIN));
            r.add(Figure.of("agent live heap after full GC (mean), last sample", agentHeap.lastMib(), Unit.MIB));
            r.add(slope("agent live heap slope after warm-up (mean)", agentHeap.slope(warm), Unit.MIB_PER_MIN)
                    .detail("a1 grew most: " + agentHeap.growth()));
            r.add(slope("agent open fds slope after warm-up (mean)", agents.fdSlope(warm), Unit.PER_MIN)
                    .detail(String.format(Locale.ROOT, "%.0f fds at the last sample", agents.lastFds())));
            r.add(Figure.of("lines read back", history.lines, Unit.COUNT)
                    .detail(String.format(Locale.ROOT, "%,d runs; %d pause rounds; read in %.1f s", history.runs,
                            pauses, history.readSeconds)));
            r.add(Figure.of("lines lost", history.lost, Unit.COUNT).target(Target.atMost(0))
                    .detail(history.lostDetail()));
            r.add(Figure.of("lines repeated", history.repeated, Unit.COUNT).target(Target.atMost(0)));
            r.samples("coordinator_rss_mib", coordinator.rss);
            r.samples("coordinator_fds", coordinator.fds);
            r.samples("agent_rss_mib_mean", agents.rss);
            r.samples("agent_fds_mean", agents.fds);
            r.samples("sample_minutes", coordinator.minutes);
            r.samples("coordinator_live_heap_mib", coordinatorHeap.mib);
            r.samples("coordinator_live_heap_minutes", coordinatorHeap.minutes);
            r.samples("agent_live_heap_mib_mean", agentHeap.mib);
            r.samples("agent_live_heap_minutes", agentHeap.minutes);
            r.note("half the jobs print 20 lines/s, a quarter restart every second or so, a quarter are "
                    + "paused 10 s out of every 20; RSS and fds sampled every " + SAMPLE_MILLIS / 1000 + " s");
            r.note("live heap: the total of jcmd GC.class_histogram (a full GC first), every "
                    + COORDINATOR_HEAP_MILLIS / 1000 + " s for the coordinator and " + AGENT_HEAP_MILLIS / 1000
                    + " s for each agent; 'grew most' compares the first histogram after the warm-up with the last");
            r.note("slopes are least-squares fits after the first fifth of the run; target: flat (no leak)");
            r.note("the coordinator keeps " + RING_LINES + " lines per job (--log-capacity), full within the warm-up; "
                    + "the histories read back come from the agents' stores");
        }
        return r;
    }

    private static Figure slope(String label, double perMinute, Unit unit) {
        return Figure.of(label, perMinute, unit);
    }

    /**
     * Runs the jobs. A host that went DOWN a moment (its lease missed on a machine loaded by others)
     * is waited for and the run tried again: the soak measures the run after, not the start.
     */
    private static List<String> startJobs(Fleet fleet, Bench b) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int a = 1; a <= AGENTS; a++) {
            for (int j = 0; j < JOBS_PER_AGENT; j++) {
                int kind = j % 4;
                String script = kind == 2 ? RESTARTER : COUNTER;
                RunRequest.Builder req = RunRequest.newBuilder().addHosts("a" + a).setName("soak" + j)
                        .setSpec(JobSpec.newBuilder().addCommand("sh").addCommand("-c").addCommand(script)
                                .setMaxRespawns(-1));
                if (kind == 3) {
                    req.addTags(PAUSE_TAG);
                }
                RunRequest run = req.build();
                for (int attempt = 1; ; attempt++) {
                    try {
                        fleet.operator().run(run).getJobsList().forEach(job -> ids.add(job.getId()));
                        break;
                    } catch (StatusRuntimeException e) {
                        if (attempt == 3 || e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
                            throw e;
                        }
                        b.progress("soak: a" + a + " was DOWN at its job's run (" + e.getStatus().getDescription()
                                + "); waiting for it");
                        fleet.awaitUp("a" + a, 60_000);
                    }
                }
            }
        }
        return ids;
    }

    private static void awaitStopped(Fleet fleet, List<String> ids) throws InterruptedException, IOException {
        Set<JobState> ended = Set.of(JobState.STOPPED, JobState.COMPLETED, JobState.FAILED);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<JobView> views = fleet.operator().listJobs(ListJobsRequest.newBuilder().addAllJobIds(ids).build())
                    .getJobsList();
            if (views.stream().allMatch(v -> v.hasStatus() && ended.contains(v.getStatus().getState()))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("the jobs did not all stop within 120 s");
    }

    /** Reads each job's whole history and checks every run counts 1..N once. */
    private static History readHistories(Fleet fleet, List<String> ids) {
        History h = new History();
        long t0 = System.nanoTime();
        for (String id : ids) {
            Map<Integer, Long> expected = new LinkedHashMap<>();
            Iterator<LogChunk> chunks = fleet.operator().logChunks(LogsRequest.newBuilder().addJobIds(id).setTail(-1)
                    .setFollow(false).build());
            while (chunks.hasNext()) {
                LogChunk chunk = chunks.next();
                for (SkippedLines s : chunk.getSkippedList()) {
                    h.skipped += s.getToSeq() - s.getFromSeq() + 1;
                    h.lost += s.getToSeq() - s.getFromSeq() + 1;
                }
                for (LogLine line : chunk.getLinesList()) {
                    h.lines++;
                    long value;
                    try {
                        value = Long.parseLong(line.getLine().toString(StandardCharsets.UTF_8).strip());
                    } catch (NumberFormatException e) {
                        h.foreign++;
                        continue;
                    }
                    long next = expected.getOrDefault(line.getRun(), 1L);
                    if (!expected.containsKey(line.getRun())) {
                        h.runs++;
                    }
                    if (value == next) {
                        expected.put(line.getRun(), next + 1);
                    } else if (value > next) {
                        h.lost += value - next;
                        h.gaps++;
                        expected.put(line.getRun(), value + 1);
                    } else {
                        h.repeated++;
                    }
                }
            }
        }
        h.readSeconds = (System.nanoTime() - t0) / 1e9;
        return h;
    }

    /** Resident set of a process in MiB. */
    private static double rssMib(long pid) throws IOException {
        return Procs.statusKib(pid, "VmRSS") / 1024.0;
    }

    /** Entries of /proc/PID/fd. */
    private static double openFds(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        }
    }

    /** Samples over time of one process (or a mean over several). */
    static final class Samples {
        final List<Double> minutes = new ArrayList<>();
        final List<Double> rss = new ArrayList<>();
        final List<Double> fds = new ArrayList<>();

        void add(double minute, double rssMib, double openFds) {
            minutes.add(minute);
            rss.add(rssMib);
            fds.add(openFds);
        }

        double lastRss() {
            return rss.isEmpty() ? Double.NaN : rss.get(rss.size() - 1);
        }

        double lastFds() {
            return fds.isEmpty() ? Double.NaN : fds.get(fds.size() - 1);
        }

        double rssSlope(double afterMinute) {
            return slope(rss, afterMinute);
        }

        double fdSlope(double afterMinute) {
            return slope(fds, afterMinute);
        }

        /** Least-squares slope of {@code ys} over the minutes after {@code afterMinute}; NaN under 3 samples. */
        private double slope(List<Double> ys, double afterMinute) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < minutes.size(); i++) {
                if (minutes.get(i) >= afterMinute) {
                    points.add(new double[] {minutes.get(i), ys.get(i)});
                }
            }
            return LeastSquares.slope(points);
        }
    }

    /**
     * Reads the live heaps on a thread of its own: a reading takes seconds on a loaded machine (a
     * jcmd JVM, a full GC), and the RSS samples and the pause rounds keep their times meanwhile.
     * Each reading is stamped with the minute it was taken; the agents' mean with the mean of
     * their minutes.
     */
    private static final class HeapSampler extends Thread {
        private final Fleet fleet;
        private final long t0;
        private final long end;
        private final double warm;
        private final HeapSamples coordinator;
        private final HeapSamples agents;
        private volatile Exception failure;

        HeapSampler(Fleet fleet, long t0, long end, double warm, HeapSamples coordinator, HeapSamples agents) {
            super("soak-live-heap");
            setDaemon(true);
            this.fleet = fleet;
            this.t0 = t0;
            this.end = end;
            this.warm = warm;
            this.coordinator = coordinator;
            this.agents = agents;
        }

        @Override
        public void run() {
            long nextCoordinator = t0;
            long nextAgents = t0;
            try {
                while (System.nanoTime() < end) {
                    if (System.nanoTime() >= nextCoordinator) {
                        double minute = minute();
                        LiveHeap.Histogram h = LiveHeap.histogram(fleet.coordinatorPid());
                        synchronized (coordinator) {
                            coordinator.add(minute, warm, h);
                        }
                        nextCoordinator += COORDINATOR_HEAP_MILLIS * 1_000_000;
                    }
                    if (System.nanoTime() >= nextAgents) {
                        List<LiveHeap.Histogram> each = new ArrayList<>();
                        double minutes = 0;
                        for (int n = 1; n <= AGENTS; n++) {
                            minutes += minute();
                            each.add(LiveHeap.histogram(fleet.agentPid(n)));
                        }
                        synchronized (agents) {
                            agents.addMean(minutes / AGENTS, warm, each);
                        }
                        nextAgents += AGENT_HEAP_MILLIS * 1_000_000;
                    }
                    long next = Math.min(Math.min(nextCoordinator, nextAgents), end);
                    Thread.sleep(Math.max(0, next - System.nanoTime()) / 1_000_000 + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }

        private double minute() {
            return (System.nanoTime() - t0) / 60e9;
        }

        /** Waits for the reading under way; rethrows what stopped the readings. */
        void finish() throws Exception {
            join(120_000);
            if (isAlive()) {
                interrupt();
                throw new IOException("a live-heap reading did not end within 120 s of the run's end");
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Live-heap samples over time (of one JVM, or a mean over several), and the first histogram after
     * the warm-up and the last one (of the first JVM) to name what grew.
     */
    static final class HeapSamples {
        final List<Double> minutes = new ArrayList<>();
        final List<Double> mib = new ArrayList<>();
        private LiveHeap.Histogram firstWarm;
        private LiveHeap.Histogram last;

        void add(double minute, double warm, LiveHeap.Histogram h) {
            addMean(minute, warm, List.of(h));
        }

        void addMean(double minute, double warm, List<LiveHeap.Histogram> each) {
            minutes.add(minute);
            mib.add(each.stream().mapToDouble(LiveHeap.Histogram::totalMib).average().orElse(Double.NaN));
            if (firstWarm == null && minute >= warm) {
                firstWarm = each.get(0);
            }
            last = each.get(0);
        }

        double lastMib() {
            return mib.isEmpty() ? Double.NaN : mib.get(mib.size() - 1);
        }

        double slope(double afterMinute) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < minutes.size(); i++) {
                if (minutes.get(i) >= afterMinute) {
                    points.add(new double[] {minutes.get(i), mib.get(i)});
                }
            }
            return LeastSquares.slope(points);
        }

        String growth() {
            return firstWarm == null || last == null ? "no histogram after the warm-up"
                    : LiveHeap.describe(LiveHeap.topGrowth(firstWarm, last, GROWTH_CLASSES));
        }
    }

    /** What the histories held. */
    static final class History {
        long lines;
        long runs;
        long lost;
        long gaps;
        long skipped;
        long repeated;
        long foreign;
        double readSeconds;

        String lostDetail() {
            return String.format(Locale.ROOT, "%d gaps in counters, %d lines reported skipped, %d lines not a counter",
                    gaps, skipped, foreign);
        }
    }
}
