package io.dmon.agent.spool;

import io.dmon.agent.output.LineSink;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The uplink of one job's supervisor: hands every chunk of lines to the job's spool (local disk
 * only) and tells the link that there is more to send. Never throws: a pump whose sink fails
 * stops reading, and the job must not block on a full pipe because the spool's disk is full.
 */
final class SpoolSink implements LineSink {
    private final Spool spool;
    private final IntSupplier run;
    private final Runnable appended;
    private final Consumer<String> diagnostics;
    private boolean failing;

    SpoolSink(Spool spool, IntSupplier run, Runnable appended, Consumer<String> diagnostics) {
        this.spool = spool;
        this.run = run;
        this.appended = appended;
        this.diagnostics = diagnostics;
    }

    @Override
    public void accept(byte[] buf, int off, int len) {
        try {
            spool.append(buf, off, len, run.getAsInt(), System.currentTimeMillis());
            if (failing) {
                failing = false;
                diagnostics.accept("job " + spool.jobId() + ": log spool writable again");
            }
        } catch (IOException e) {
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
