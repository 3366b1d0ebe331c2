package io.dmon.agent.spool;

import io.dmon.agent.output.LineSink;
import io.dmon.agent.output.RunSink;
import io.dmon.agent.state.StorageHealth;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The uplink of one job's supervisor: hands every chunk of lines to the job's spool (local disk
 * only), with the run they came from, and tells the link that there is more to send. Never
 * throws: a pump whose sink fails stops reading, and the job must not block on a full pipe
 * because the spool's disk is full.
 */
final class SpoolSink implements RunSink {
    private final Spool spool;
    private final Runnable appended;
    private final Consumer<String> diagnostics;
    /** Runs are numbered over the job's life on this host: the supervisor's run plus this. */
    private final int runBase;
    private volatile int lastRun;
    private final StorageHealth health;
    private boolean failing;

    SpoolSink(Spool spool, int runBase, Runnable appended, Consumer<String> diagnostics, StorageHealth health) {
        this.health = health;
        this.spool = spool;
        this.runBase = runBase;
        this.lastRun = runBase;
        this.appended = appended;
        this.diagnostics = diagnostics;
    }

    @Override
    public LineSink forRun(int run) {
        return view(run, false);
    }

    @Override
    public LineSink forRunStderr(int run) {
        return view(run, true);
    }

    private LineSink view(int run, boolean stderr) {
        lastRun = runBase + run;
        SpoolSink owner = this;
        return new LineSink() {
            @Override
            public void accept(byte[] buf, int off, int len) {
                owner.append(buf, off, len, runBase + run, stderr);
            }

            @Override
            public void reopen() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Lines from a pump that did not ask {@link #forRun}: counted to the latest run. */
    @Override
    public void accept(byte[] buf, int off, int len) {
        append(buf, off, len, lastRun, false);
    }

    private synchronized void append(byte[] buf, int off, int len, int run, boolean stderr) {
        try {
            spool.append(buf, off, len, run, System.currentTimeMillis(), stderr);
            health.worked(StorageHealth.SPOOL);
            if (failing) {
                failing = false;
                diagnostics.accept("job " + spool.jobId() + ": log spool writable again");
            }
        } catch (IOException e) {
            health.failed(StorageHealth.SPOOL, "job " + spool.jobId() + ": " + e.getMessage());
            if (!failing) {
                failing = true;
                diagnostics.accept("job " + spool.jobId() + ": cannot write the log spool, lines are lost until it can: "
                        + e.getMessage());
            }
            return;
        }
        appended.run();
    }

    @Override
    public void reopen() {
        // Nothing to reopen: segments are the spool's own.
    }

    @Override
    public void close() {
        // The spool outlives the supervisor (its lines wait for the coordinator); every chunk is flushed already.
    }
}
