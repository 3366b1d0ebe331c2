package io.dmon.agent.host;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import io.dmon.agent.process.ProcStat;
import io.dmon.agent.process.Signals;
import io.dmon.agent.state.JobRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ends what a killed agent left running, before its jobs start again: every process group a job
 * record names whose leader is still the same process (pid and /proc start time), and the members
 * that outlived their leader. TERM and CONT, a bounded wait, then KILL.
 *
 * <p>Nothing is signalled on a pid alone: a leader alive with another start time is a reused pid
 * and its group is left alone; a member counts only when it is in the recorded group and started
 * no earlier than the recorded leader; each one is checked again just before it is signalled.
 */
public final class OrphanReaper {
    private static final long POLL_MILLIS = 20;

    private final Posix posix;
    private final Duration grace;
    private final Consumer<String> diagnostics;

    public OrphanReaper(Posix posix, Duration grace, Consumer<String> diagnostics) {
        this.posix = posix;
        this.grace = grace;
        this.diagnostics = diagnostics;
    }

    /** A recorded group leader: the job, its pid and its start time. */
    private record Leader(String jobId, int pid, long startTime, List<ProcStat> members) {
    }

    /** Reaps the orphans of {@code records}; returns how many processes were found. */
    public int reap(Collection<JobRecord> records) throws InterruptedException {
        List<ProcStat> all = ProcStat.all();
        List<Leader> found = new ArrayList<>();
        for (JobRecord r : records) {
            find(r.jobId(), r.pid(), r.startTime(), all).ifPresent(found::add);
            find(r.jobId(), r.logPid(), r.logStartTime(), all).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            return 0;
        }
        List<ProcStat> members = new ArrayList<>();
        for (Leader l : found) {
            diagnostics.accept("job " + l.jobId() + ": stopping " + l.members().size()
                    + " process(es) left by the previous agent (group " + l.pid() + ")");
            members.addAll(l.members());
            signal(l, Signals.TERM);
            signal(l, Signals.CONT);
        }
        if (!awaitGone(members, grace)) {
            for (Leader l : found) {
                signal(l, Signals.KILL);
            }
            if (!awaitGone(members, Duration.ofSeconds(5))) {
                diagnostics.accept("processes left by the previous agent did not end: "
                        + members.stream().filter(OrphanReaper::same).map(ProcStat::pid).toList());
            }
        }
        return members.size();
    }

    private Optional<Leader> find(String jobId, int pid, long startTime, List<ProcStat> all) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Optional<ProcStat> leader = ProcStat.read(pid);
        if (leader.isPresent() && leader.get().startTime() != startTime) {
            diagnostics.accept("job " + jobId + ": pid " + pid + " is another process now; left alone");
            return Optional.empty();
        }
        List<ProcStat> members = members(pid, startTime, leader, all);
        return members.isEmpty() ? Optional.empty() : Optional.of(new Leader(jobId, pid, startTime, members));
    }

    /**
     * The live processes of the group a recorded leader ({@code pid}, {@code startTime}) led:
     * none when the pid now names another process.
     *
     * @param leader what /proc says of {@code pid} now
     * @param all    every process in /proc
     */
    static List<ProcStat> members(int pid, long startTime, Optional<ProcStat> leader, List<ProcStat> all) {
        if (leader.isPresent() && leader.get().startTime() != startTime) {
            return List.of();
        }
        return all.stream().filter(p -> p.pgrp() == pid && p.startTime() >= startTime && p.state() != 'Z').toList();
    }

    /** To the whole group while its leader is provably ours, else to each member that still is. */
    private void signal(Leader l, int signal) {
        Optional<ProcStat> leader = ProcStat.read(l.pid());
        if (leader.isPresent() && leader.get().startTime() == l.startTime() && leader.get().pgrp() == l.pid()) {
            kill(-l.pid(), signal);
            return;
        }
        for (ProcStat m : l.members()) {
            if (same(m)) {
                kill(m.pid(), signal);
            }
        }
    }

    /** A target that has gone meanwhile (ESRCH) needs the signal no more. */
    private void kill(int target, int signal) {
        try {
            posix.kill(target, signal);
        } catch (PosixException e) {
            // Gone between the check and the signal: what the signal was for.
        }
    }

    /** True while {@code p} is still that process and not a zombie. */
    private static boolean same(ProcStat p) {
        return ProcStat.read(p.pid()).filter(now -> now.startTime() == p.startTime() && now.state() != 'Z')
                .isPresent();
    }

    private static boolean awaitGone(List<ProcStat> members, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (members.stream().anyMatch(OrphanReaper::same)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

}
