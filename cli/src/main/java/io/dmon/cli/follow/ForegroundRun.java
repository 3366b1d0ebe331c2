package io.dmon.cli.follow;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.ExitCode;
import io.dmon.cli.InterruptSource;
import io.dmon.cli.client.Durations;
import io.dmon.cli.client.ServerStream;
import io.dmon.cli.client.OperatorClient;
import io.dmon.cli.client.EventStream;
import io.dmon.cli.output.JobViews;
import io.dmon.cli.output.LinePrinter;
import io.dmon.cli.output.WaitStatus;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code dmonctl run -n}: stays attached to the jobs just started. Shows their output live and
 * returns, when every job has finished, the exit status dmon would give (the highest of them).
 *
 * <p>The jobs' states are read with ListJobs, which is the truth; events only say when to read
 * them again (so a job that finished before the event stream was open is not missed), and a poll
 * every {@link CliContext#pollInterval()} covers a coordinator that sends no events.
 */
public final class ForegroundRun {
    /** Why the wait loop wakes: an event of ours, or a signal (its number). */
    private record Wake(int signal) {
        static final Wake EVENT = new Wake(0);
    }

    /**
     * How long the output may bring nothing before dmonctl stops waiting for the rest (longer
     * than an agent takes to move to another coordinator after its coordinator died).
     */
    private static final Duration STALL = Duration.ofSeconds(30);

    private final CliContext context;
    private final OperatorClient client;
    private final List<String> jobIds = new ArrayList<>();
    private final BlockingQueue<Wake> wakes = new LinkedBlockingQueue<>();
    /** The first signal (Ctrl-C, TERM, HUP), once the jobs have been asked to stop; 0 before. */
    private int stoppedBy;
    /** Per job, the highest run said to have started: the event stream may repeat itself. */
    private final Map<String, Integer> runsSeen = new HashMap<>();
    private final boolean raw;

    /**
     * Takes over Ctrl-C, TERM and HUP at once: call it before the jobs are started, so that a
     * signal that comes meanwhile still stops them rather than leave them running unattended.
     *
     * @param raw write the jobs' lines byte for byte to a terminal too; otherwise their control
     *            characters are made visible there (never in a pipe or a file)
     */
    public ForegroundRun(CliContext context, OperatorClient client, boolean raw) {
        this.context = context;
        this.client = client;
        this.raw = raw;
        context.interrupts().onInterrupt(signal -> wakes.offer(new Wake(signal)));
    }

    /**
     * Follows the jobs to their end.
     *
     * @param jobs the jobs just started
     * @return the jobs' exit status, or 128 + the signal after Ctrl-C ({@link ExitCode#INTERRUPTED}),
     *         TERM or HUP
     */
    public int await(List<Job> jobs) {
        for (Job job : jobs) {
            jobIds.add(job.getId());
        }
        LinePrinter printer = LinePrinter.split(context.out(), context.err(), jobIds.size() > 1, context.colour())
                .showingControls(context.terminal().stdoutIsTerminal() && !raw,
                        context.terminal().stderrIsTerminal() && !raw);
        LogFollower logs = new LogFollower(client,
                LogsRequest.newBuilder().addAllJobIds(jobIds).setTail(-1).setFollow(true).build(), printer,
                notice -> context.err().println("dmonctl: " + notice));
        EventStream events = client.events(EventsRequest.newBuilder().setFollow(true)
                .setSelector(Selector.newBuilder().addAllJobIds(jobIds)).build());
        Thread logThread = daemon("dmonctl-logs", logs::follow);
        Thread eventThread = daemon("dmonctl-events", () -> watch(events));
        try {
            List<JobView> finished = waitForEnd();
            events.cancel();
            if (finished == null) {
                logs.cancel();
                return 128 + stoppedBy;
            }
            boolean printed = awaitOutput(logs);
            logs.cancel();
            logThread.join(client.timeout().toMillis());
            if (logs.failure() != null && !logs.failure().quiet()) {
                context.err().println("dmonctl: following the output failed: " + logs.failure().getMessage());
            }
            if (!printed) {
                catchUp(logs);
            }
            return stoppedBy != 0 ? 128 + stoppedBy : status(finished);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "interrupted");
        } finally {
            events.cancel();
            logs.cancel();
            eventThread.interrupt();
        }
    }

    /**
     * Waits until the jobs' output has been printed: every line stored when they finished, and
     * lines that reach the coordinators a little after the status that said so (until none came
     * for a settle time and every line stored by then is printed too). The follower reads at the
     * pace of whoever reads dmonctl's output; what left the coordinators' ring meanwhile comes
     * from the hosts, so nothing is held back here or on the job's host.
     *
     * @return true when all of it was printed; false when that is not known (the last lines are
     *         then fetched once more)
     */
    private boolean awaitOutput(LogFollower logs) throws InterruptedException {
        // The agent may still be sending the output of a job that has ended: look again while
        // more is stored, each look printed in full before the next (a stall ends the wait).
        Map<String, Long> ends = storedEnds();
        while (true) {
            if (ends.isEmpty() || !logs.awaitPrinted(ends, STALL.toNanos())) {
                logs.awaitQuiet(context.settle().toNanos(), 5 * context.settle().toNanos());
                return false;
            }
            logs.awaitQuiet(context.settle().toNanos(), 5 * context.settle().toNanos());
            Map<String, Long> now = storedEnds();
            if (now.equals(ends)) {
                return true;
            }
            ends = now;
        }
    }

    /** Each job's highest seq stored by the coordinators (none for a job without output). */
    private Map<String, Long> storedEnds() {
        Map<String, Long> ends = new HashMap<>();
        try (ServerStream<LogChunk> last = client.logChunks(LogsRequest.newBuilder().addAllJobIds(jobIds).setTail(1).build())) {
            for (LogChunk chunk = last.next(); chunk != null; chunk = last.next()) {
                chunk.getLinesList().forEach(line -> ends.merge(line.getJobId(), line.getSeq(), Math::max));
            }
        } catch (CliException e) {
            // Not known now: what was printed so far, and the catch-up after, are what there is.
        }
        return ends;
    }

    /** The jobs once all have finished, or null after a second signal. */
    private List<JobView> waitForEnd() throws InterruptedException {
        long stopDeadline = 0;
        while (true) {
            List<JobView> views = client.listJobs(ListJobsRequest.newBuilder().addAllJobIds(jobIds).build())
                    .getJobsList();
            if (allFinished(views)) {
                return views;
            }
            if (stoppedBy != 0 && System.nanoTime() - stopDeadline > 0) {
                context.err().println("dmonctl: " + String.join(", ", jobIds) + " did not stop within "
                        + Durations.text(client.timeout()) + "; leaving it to stop on its own");
                return views;
            }
            Wake wake = wakes.poll(context.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
            if (wake != null && wake.signal() != 0) {
                if (stoppedBy != 0) {
                    return null;
                }
                stoppedBy = wake.signal();
                stopDeadline = System.nanoTime() + client.timeout().toNanos();
                context.err().println("dmonctl: " + (stoppedBy == InterruptSource.SIGINT ? "" : "SIG"
                        + InterruptSource.name(stoppedBy) + ": ") + "stopping " + String.join(", ", jobIds)
                        + (stoppedBy == InterruptSource.SIGINT ? " (Ctrl-C again to leave without waiting)"
                                : " (a second signal leaves without waiting)"));
                client.stop(JobsRequest.newBuilder().addAllJobIds(jobIds).build());
            }
        }
    }

    /**
     * True when every job is listed and has finished. A job not listed yet (a store that has not
     * caught up with the Run) has not finished.
     */
    private boolean allFinished(List<JobView> views) {
        Set<String> finished = new HashSet<>();
        for (JobView view : views) {
            if (JobViews.finished(view)) {
                finished.add(view.getJob().getId());
            }
        }
        return finished.containsAll(jobIds);
    }

    private int status(List<JobView> views) {
        int worst = ExitCode.OK;
        for (JobView view : views) {
            int raw = view.hasStatus() ? view.getStatus().getLastExitStatus() : -1;
            worst = Math.max(worst, WaitStatus.exitCode(raw));
            if (view.getStatus().getState() == JobState.REFUSED) {
                context.err().println("dmonctl: " + view.getJob().getId() + " REFUSED by its agent: "
                        + view.getStatus().getRefusal());
            } else if (jobIds.size() > 1) {
                context.err().println("dmonctl: " + view.getJob().getId() + " " + JobViews.state(view)
                        + " (" + WaitStatus.describe(raw) + ")");
            }
        }
        return worst;
    }

    private void catchUp(LogFollower logs) {
        try {
            logs.catchUp();
        } catch (CliException e) {
            if (!e.quiet()) {
                context.err().println("dmonctl: fetching the last lines failed: " + e.getMessage());
            }
        }
    }

    private void watch(EventStream events) {
        try {
            for (JobEvent event = events.next(); event != null; event = events.next()) {
                if (jobIds.contains(event.getJobId())) {
                    sayRespawn(event);
                    wakes.offer(Wake.EVENT);
                }
            }
        } catch (CliException e) {
            // No events (an older coordinator, a broken stream): the poll still sees every change.
        }
    }

    /**
     * {@code dmonctl: web@h1 respawned: run 3, pid 4321}, once per run: a job that keeps failing
     * and restarting would otherwise look, from its output alone, like one run.
     */
    private void sayRespawn(JobEvent event) {
        // No comparison of the event's time with the job's creation: one is the host's clock, the other
        // a coordinator's (a host 5 minutes behind had every respawn left unsaid). Events of an earlier
        // job of the same id are left out by the coordinator, which asked by id gives each job's events
        // since its last removal, in its store's order.
        if (event.getRole() != JobEvent.Role.CMD || event.getKind() != JobEvent.Kind.START || event.getRun() <= 1) {
            return;
        }
        Integer seen = runsSeen.get(event.getJobId());
        if (seen != null && event.getRun() <= seen) {
            return;
        }
        runsSeen.put(event.getJobId(), event.getRun());
        context.err().println("dmonctl: " + event.getJobId() + " respawned: run " + event.getRun()
                + ", pid " + event.getPid());
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
