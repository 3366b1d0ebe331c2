package io.dmon.bench;

import io.dmon.bench.Figure.Unit;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.RunRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Re-attaching through a real agent (issue 16): N jobs ({@code sleep 600}; quick: 50, else 200)
 * on one {@code bin/dmon-agent} with a coordinator; the agent killed with -9 and started again,
 * then stopped with TERM (it leaves the jobs running) and started again. Each time: from the new
 * agent's process start to the coordinator listing its host UP, and to the coordinator listing
 * every job RUNNING with the pid it had, reported by the new agent. Floor, in the same run: the
 * same agent restarted with no job (process start to UP). Checked: not one job got a new pid.
 */
final class AgentReattach {
    private static final long POLL_MILLIS = 50;
    private static final long LIMIT_MILLIS = 180_000;

    private AgentReattach() {
    }

    static void measure(Bench b, Result r) throws Exception {
        int n = b.quick() ? 50 : 200;
        b.progress("monitor: re-attach through a real agent, " + n + " jobs");
        try (Fleet fleet = Fleet.start(b, 1)) {
            fleet.killAgent(1);
            double[] floor = restart(fleet, Map.of(), () -> fleet.restartAgent(1, false));
            List<String> ids = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    RunRequest req = RunRequest.newBuilder().addHosts("a1").setName("re" + i)
                            .setSpec(JobSpec.newBuilder().addCommand("sleep").addCommand("600")).build();
                    fleet.operator().run(req).getJobsList().forEach(j -> ids.add(j.getId()));
                }
                Map<String, Integer> pids = awaitPids(fleet, ids, 0, LIMIT_MILLIS);
                if (pids.size() < n) {
                    r.add(Figure.failed("re-attach " + n + " jobs", pids.size() + " of " + n + " RUNNING within "
                            + LIMIT_MILLIS / 1000 + " s"));
                    return;
                }
                fleet.killAgent(1);
                double[] killed = restart(fleet, pids, () -> fleet.restartAgent(1, false));
                fleet.termAgent(1);
                // The last one stops the jobs when the fleet closes.
                double[] termed = restart(fleet, pids, () -> fleet.restartAgent(1, true));
                report(r, n, "kill -9", killed, floor);
                report(r, n, "TERM", termed, floor);
                r.add(Figure.of("  floor: agent start to UP, no job", floor[0], Unit.MS)
                        .detail("the same agent and state directory, restarted before any job ran"));
            } finally {
                fleet.stopJobs(ids);
                awaitGone(fleet, ids);
            }
        }
    }

    private static void report(Result r, int n, String how, double[] t, double[] floor) {
        String label = "agent " + how + ", start to all " + n + " jobs re-attached";
        if (t[1] < 0) {
            r.add(Figure.failed(label, t[2] < 0 ? "not all re-attached within " + LIMIT_MILLIS / 1000 + " s"
                    : (int) t[2] + " jobs came back with another pid"));
            return;
        }
        r.add(Figure.of(label, t[1], Unit.MS).floor(floor[0]).detail(String.format(Locale.ROOT,
                "new agent process start to: host UP %.0f ms, every job RUNNING with its old pid as the new agent"
                        + " reported it %.0f ms (%.2f ms a job past UP); floor: start to UP with no job", t[0], t[1],
                (t[1] - t[0]) / n)));
    }

    private interface Start {
        Process start() throws IOException;
    }

    /**
     * Starts the agent and times it: {ms to UP, ms to every job of {@code pids} re-attached (-1:
     * not within the limit or some pid changed), jobs with another pid (-1: none known)}.
     */
    private static double[] restart(Fleet fleet, Map<String, Integer> pids, Start start) throws Exception {
        long wallStart = System.currentTimeMillis();
        long t0 = System.nanoTime();
        start.start();
        fleet.awaitUp("a1", LIMIT_MILLIS);
        double up = (System.nanoTime() - t0) / 1e6;
        if (pids.isEmpty()) {
            return new double[] {up, up, -1};
        }
        Map<String, Integer> now = awaitPids(fleet, new ArrayList<>(pids.keySet()), wallStart, LIMIT_MILLIS);
        double all = (System.nanoTime() - t0) / 1e6;
        int changed = 0;
        for (var e : pids.entrySet()) {
            Integer p = now.get(e.getKey());
            changed += p != null && !p.equals(e.getValue()) ? 1 : 0;
        }
        if (now.size() < pids.size() || changed > 0) {
            return new double[] {up, -1, now.size() < pids.size() ? -1 : changed};
        }
        return new double[] {up, all, 0};
    }

    /**
     * Polls until every job is RUNNING in a status its agent reported at or after {@code sinceMs},
     * its host UP; the pids then, or as many as there were at the limit.
     */
    private static Map<String, Integer> awaitPids(Fleet fleet, List<String> ids, long sinceMs, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        Map<String, Integer> pids = new HashMap<>();
        while (System.nanoTime() < deadline) {
            pids.clear();
            for (JobView v : fleet.operator().listJobs(ListJobsRequest.newBuilder().addAllJobIds(ids).build())
                    .getJobsList()) {
                if (!v.getHostDown() && v.getStatus().getState() == JobState.RUNNING && v.getStatus().getPid() > 0
                        && v.getStatus().getUpdatedUnixMs() >= sinceMs) {
                    pids.put(v.getJob().getId(), v.getStatus().getPid());
                }
            }
            if (pids.size() == ids.size()) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return pids;
    }

    private static void awaitGone(Fleet fleet, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean any = false;
            for (JobView v : fleet.operator().listJobs(ListJobsRequest.newBuilder().addAllJobIds(ids).build())
                    .getJobsList()) {
                any |= v.getStatus().getState() == JobState.RUNNING;
            }
            if (!any) {
                return;
            }
            Thread.sleep(200);
        }
    }
}
