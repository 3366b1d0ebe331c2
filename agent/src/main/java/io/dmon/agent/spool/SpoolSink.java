package io.dmon.agent.spool;

import io.dmon.agent.output.LineSink;
import io.dmon.agent.output.RunSink;
import io.dmon.agent.state.StorageHealth;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The uplink of one job's supervisor: hands every chunk of lines to the job's spool (local disk
 * only), with the run they came from, and tells the link that there is more to send. Never
 * throws. When the spool cannot be written (its disk full, or read-only) the chunk is kept and
 * written again, with a growing pause, until it goes in: the pump that called waits, the job's
 * pipe fills behind it and the job blocks on its output. That is back-pressure, not loss: no line
 * is dropped, memory stays one chunk per pump, and the host's condition says why the job waits.
 * Only an agent that stops gives up on a chunk it cannot write (and says how many bytes).
 */
final class SpoolSink implements RunSink {
    /** The first pause before writing a refused chunk again; it doubles up to {@link #MAX_RETRY_MS}. */
    static final long FIRST_RETRY_MS = 50;
    static final long MAX_RETRY_MS = 1_000;

    private final Spool spool;
    private final Runnable appended;
    private final Consumer<String> diagnostics;
    /** Runs are numbered over the job's life on this host: the supervisor's run plus this. */
    private final int runBase;
    private volatile int lastRun;
    private final StorageHealth health;
    /** True once the agent stops: a chunk the disk refuses is then given up. */
    private final BooleanSupplier stopping;
    private boolean failing;

    SpoolSink(Spool spool, int runBase, Runnable appended, Consumer<String> diagnostics, StorageHealth health,
              BooleanSupplier stopping) {
        this.health = health;
        this.spool = spool;
        this.runBase = runBase;
        this.lastRun = runBase;
        this.appended = appended;
        this.diagnostics = diagnostics;
        this.stopping = stopping;
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
        long pause = FIRST_RETRY_MS;
        while (true) {
            try {
                // A refused chunk left nothing behind (Spool.append rolls back), so writing it again repeats no line.
                spool.append(buf, off, len, run, System.currentTimeMillis(), stderr);
                break;
            } catch (IOException e) {
                health.failed(StorageHealth.SPOOL, "job " + spool.jobId() + ": " + e.getMessage());
                if (!failing) {
                    failing = true;
                    diagnostics.accept("job " + spool.jobId() + ": cannot write the log spool, the job's output waits"
                            + " until it can: " + e.getMessage());
                }
                if (stopping.getAsBoolean() || !pause(pause)) {
                    diagnostics.accept("job " + spool.jobId() + ": the log spool is still unwritable as the agent"
                            + " stops: " + len + " bytes of output lost");
                    return;
                }
                pause = Math.min(pause * 2, MAX_RETRY_MS);
            }
        }
        health.worked(StorageHealth.SPOOL);
        if (failing) {
            failing = false;
            diagnostics.accept("job " + spool.jobId() + ": log spool writable again");
        }
        appended.run();
    }

    /** Sleeps between attempts; false when interrupted (the flag is kept for the pump). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
