package io.dmon.agent.host;

import io.dmon.agent.load.LoadSource;
import io.dmon.agent.process.Posix;
import io.dmon.agent.spool.JobSpool;
import io.dmon.agent.supervise.JobState;
import io.dmon.proto.v1.Assignment;
import io.dmon.proto.v1.DesiredState;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs of this host. Desired state is level-triggered: {@link #reconcile} takes the host's
 * whole assignment and starts, stops and restarts jobs until what runs matches it; a change of one
 * job goes through {@link #apply}. The assignment is kept in the state directory so that a
 * restarted agent goes on supervising before any coordinator answers, and each job's runtime
 * record lets it end the processes a killed agent left behind.
 */
public final class JobHost implements AutoCloseable {
    private final Posix posix;
    private final Path stateDir;
    private final String host;
    private final Map<String, String> env;
    private final LoadSource load;
    private final long spoolMaxBytes;
    private final HostListener listener;
    private final OrphanReaper reaper;
    private final Map<String, HostedJob> jobs = new LinkedHashMap<>();
    private final Map<String, JobSpool> spools = new HashMap<>();

    public JobHost(Posix posix, Path stateDir, String host, Map<String, String> env, LoadSource load,
                   long spoolMaxBytes, HostListener listener) throws IOException {
        this.posix = posix;
        this.stateDir = stateDir;
        this.host = host;
        this.env = env;
        this.load = load;
        this.spoolMaxBytes = spoolMaxBytes;
        this.listener = listener;
        this.reaper = new OrphanReaper(posix);
        Files.createDirectories(stateDir.resolve("jobs"));
    }

    /** Picks up where a previous agent left off: its assignment, its orphans, its spools. */
    public synchronized void recover() throws IOException, InterruptedException {
        Path file = stateDir.resolve("assignment");
        if (Files.exists(file)) {
            reconcile(Assignment.parseFrom(Files.readAllBytes(file)).getJobsList());
        }
    }

    /** Makes what runs match {@code assignment}: the host's whole desired state. */
    public synchronized void reconcile(List<Job> assignment) throws InterruptedException {
        Map<String, Job> wanted = new LinkedHashMap<>();
        for (Job j : assignment) {
            if (j.getHost().equals(host)) {
                wanted.put(j.getId(), j);
            }
        }
        for (String id : new ArrayList<>(jobs.keySet())) {
            if (!wanted.containsKey(id)) {
                remove(id);
            }
        }
        for (Job j : wanted.values()) {
            update(j);
        }
        persist();
    }

    /** One job's new desired state; {@code removed}: stop it and forget it. */
    public synchronized void apply(Job job, boolean removed) throws InterruptedException {
        if (!job.getHost().equals(host)) {
            return;
        }
        if (removed) {
            remove(job.getId());
        } else {
            update(job);
        }
        persist();
    }

    public synchronized void signal(String jobId, int signal) {
        HostedJob h = jobs.get(jobId);
        if (h != null) {
            h.signal(signal);
        }
    }

    public synchronized List<Job> jobs() {
        return jobs.values().stream().map(HostedJob::job).toList();
    }

    public synchronized List<JobStatus> statuses() {
        return jobs.values().stream().map(HostedJob::status).toList();
    }

    /** The spools of every job, including ones whose job was removed but whose lines are not all sent. */
    public synchronized List<JobSpool> spools() {
        return new ArrayList<>(spools.values());
    }

    private void update(Job job) throws InterruptedException {
        HostedJob current = jobs.get(job.getId());
        boolean wantRunning = job.getDesired() != DesiredState.DESIRED_STOPPED;
        if (current != null) {
            boolean newer = job.getGeneration() > current.job().getGeneration();
            if (!wantRunning) {
                if (current.running()) {
                    current.stop();
                }
                jobs.put(job.getId(), replaceJob(current, job));
                return;
            }
            if (!newer && (current.running() || current.job().getDesired() == job.getDesired())) {
                jobs.put(job.getId(), current.running() ? current : replaceJob(current, job));
                return;
            }
            if (current.running()) {
                current.stop();
            }
        }
        HostedJob fresh = newHosted(job);
        jobs.put(job.getId(), fresh);
        if (!wantRunning) {
            fresh.settle(JobState.STOPPED, -1);
            return;
        }
        Path jobDir = jobDir(job.getId());
        RuntimeRecord record = RuntimeRecord.read(jobDir);
        reaper.reap(record);
        if (current == null && record.completed() && record.generation() == job.getGeneration()) {
            // A -1 job that already succeeded is not run again after an agent restart.
            fresh.settle(JobState.COMPLETED, 0);
            return;
        }
        fresh.start();
    }

    /** The same process, a job record with updated fields (tags, desired state). */
    private HostedJob replaceJob(HostedJob current, Job job) {
        if (current.running()) {
            return current;
        }
        HostedJob settled = newHosted(job);
        JobStatus s = current.status();
        settled.settle(job.getDesired() == DesiredState.DESIRED_STOPPED && !s.getState().name().equals("COMPLETED")
                ? JobState.STOPPED : JobState.valueOf(s.getState().name()), s.getLastExitStatus());
        return settled;
    }

    private HostedJob newHosted(Job job) {
        return new HostedJob(posix, job, host, jobDir(job.getId()), spool(job.getId()), env, load, listener);
    }

    private void remove(String id) throws InterruptedException {
        HostedJob h = jobs.remove(id);
        if (h != null) {
            h.stop();
        }
    }

    private JobSpool spool(String id) {
        return spools.computeIfAbsent(id, k -> {
            try {
                JobSpool spool = new JobSpool(k, jobDir(k).resolve("spool"), spoolMaxBytes);
                spool.onAppend(listener::onLines);
                return spool;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private Path jobDir(String id) {
        return stateDir.resolve("jobs").resolve(id);
    }

    private void persist() {
        Assignment a = Assignment.newBuilder().addAllJobs(jobs()).build();
        Path file = stateDir.resolve("assignment");
        Path tmp = stateDir.resolve("assignment.tmp");
        try {
            Files.write(tmp, a.toByteArray());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("dmon-agent: cannot keep the assignment in " + file + ": " + e.getMessage());
        }
    }

    /** Stops every job (the agent going down takes its jobs down; a killed agent leaves orphans instead). */
    @Override
    public synchronized void close() throws InterruptedException {
        for (HostedJob h : jobs.values()) {
            if (h.running()) {
                h.stop();
            }
        }
        for (JobSpool s : spools.values()) {
            try {
                s.close();
            } catch (IOException e) {
                // lines stay on disk for the next agent
            }
        }
    }
}
