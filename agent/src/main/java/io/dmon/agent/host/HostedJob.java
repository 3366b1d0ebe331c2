package io.dmon.agent.host;

import io.dmon.agent.load.LoadSource;
import io.dmon.agent.output.InProcessLogTools;
import io.dmon.agent.output.LineSink;
import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.CredentialsException;
import io.dmon.agent.process.Posix;
import io.dmon.agent.spool.JobSpool;
import io.dmon.agent.spool.SpoolSink;
import io.dmon.agent.supervise.JobEvent.Kind;
import io.dmon.agent.supervise.JobSnapshot;
import io.dmon.agent.supervise.JobState;
import io.dmon.agent.supervise.LocalJob;
import io.dmon.agent.supervise.StatusFileWriter;
import io.dmon.agent.supervise.Supervisor;
import io.dmon.agent.supervise.SupervisorSettings;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobStatus;
import io.dmon.spec.JobSpec;
import io.dmon.spec.SpecException;
import io.dmon.wire.JobSpecMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One job of this host: its supervisor (the same engine as dmon) on a thread of its own, its
 * output into the spool, its runtime record kept current for a restarted agent.
 */
final class HostedJob {
    private final Posix posix;
    private final Job job;
    private final String host;
    private final Path jobDir;
    private final JobSpool spool;
    private final Map<String, String> env;
    private final LoadSource load;
    private final HostListener listener;
    private volatile Supervisor supervisor;
    private volatile JobStatus finalStatus;
    private Thread thread;

    HostedJob(Posix posix, Job job, String host, Path jobDir, JobSpool spool, Map<String, String> env,
              LoadSource load, HostListener listener) {
        this.posix = posix;
        this.job = job;
        this.host = host;
        this.jobDir = jobDir;
        this.spool = spool;
        this.env = env;
        this.load = load;
        this.listener = listener;
    }

    Job job() {
        return job;
    }

    JobSpool spool() {
        return spool;
    }

    /** A job that is not to run (completed before the agent restarted, or desired stopped). */
    void settle(JobState state, int lastStatus) {
        finalStatus = Reports.status(job.getId(), host, job.getGeneration(),
                new JobSnapshot(state, 0, 0, 0, 0, 0, lastStatus, Set.of()));
        listener.onStatus(finalStatus);
    }

    /** Starts supervising; a job that cannot even be set up (unknown user, bad log command) ends FAILED. */
    synchronized void start() {
        Supervisor s;
        OutputStream statusFile = null;
        try {
            JobSpec spec = JobSpecMapper.fromProto(job.getSpec());
            Map<String, String> jobEnv = LocalJob.environment(env, spec);
            Path workDir = spec.workDir().map(w -> jobDir.resolve(w).normalize()).orElse(jobDir.resolve("work"));
            Files.createDirectories(workDir);
            Credentials cmdUser = LocalJob.credentials(posix, spec.cmdUser(), "-u");
            Credentials logUser = LocalJob.credentials(posix, spec.logUser(), "-U");
            LineSink inProcess = spec.logUser().isEmpty()
                    ? InProcessLogTools.open(spec.logCommand(), workDir, jobEnv).orElse(null) : null;
            if (spec.infoFile().isPresent()) {
                statusFile = new FileOutputStream(workDir.resolve(spec.infoFile().get()).toFile(), true);
            }
            StatusFileWriter lines = statusFile == null ? null : new StatusFileWriter(statusFile);
            s = LocalJob.create(posix, spec, SupervisorSettings.of(spec), jobEnv, workDir, cmdUser, logUser,
                    inProcess, false, load, new SpoolSink(spool, this::currentRun), e -> {
                        if (lines != null) {
                            lines.onEvent(e);
                        }
                        onEvent(e);
                    });
        } catch (SpecException | CredentialsException | IOException e) {
            System.err.println("dmon-agent: job " + job.getId() + " cannot start: " + e.getMessage());
            settle(JobState.FAILED, -1);
            return;
        }
        supervisor = s;
        final OutputStream toClose = statusFile;
        thread = new Thread(() -> {
            try {
                s.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finalStatus = status();
                closeQuietly(toClose);
                listener.onStatus(finalStatus);
            }
        }, "job-" + job.getId());
        thread.setDaemon(true);
        thread.start();
    }

    private int currentRun() {
        Supervisor s = supervisor;
        return s == null ? 0 : s.snapshot().run();
    }

    private void onEvent(io.dmon.agent.supervise.JobEvent e) {
        JobSnapshot snap = supervisor == null ? null : supervisor.snapshot();
        try {
            if (e.role() == io.dmon.agent.supervise.JobEvent.Role.CMD && e.kind() == Kind.START && snap != null) {
                new RuntimeRecord(snap.pid(), snap.startTime(), job.getGeneration(), false).write(jobDir);
            } else if (e.kind() == Kind.STATE && e.state().terminal()) {
                new RuntimeRecord(0, 0, job.getGeneration(), e.state() == JobState.COMPLETED).write(jobDir);
            }
        } catch (IOException io) {
            System.err.println("dmon-agent: job " + job.getId() + ": cannot record its process: " + io.getMessage());
        }
        listener.onEvent(Reports.event(job.getId(), host, e));
        if (snap != null) {
            listener.onStatus(Reports.status(job.getId(), host, job.getGeneration(), snap));
        }
    }

    JobStatus status() {
        Supervisor s = supervisor;
        if (s == null || finalStatus != null) {
            return finalStatus != null ? finalStatus
                    : Reports.status(job.getId(), host, job.getGeneration(),
                            new JobSnapshot(JobState.STARTING, 0, 0, 0, 0, 0, -1, Set.of()));
        }
        return Reports.status(job.getId(), host, job.getGeneration(), s.snapshot());
    }

    boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    void signal(int signal) {
        Supervisor s = supervisor;
        if (s != null) {
            s.signalCommand(signal);
        }
    }

    /** Stops the job (TERM, grace, KILL) and waits for its supervisor to end. */
    void stop() throws InterruptedException {
        Supervisor s = supervisor;
        Thread t = thread;
        if (s == null || t == null) {
            return;
        }
        s.requestStop();
        t.join(60_000);
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // the status file is a report; nothing depends on it
            }
        }
    }
}
