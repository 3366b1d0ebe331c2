package io.dmon.agent.spool;

import io.dmon.agent.output.LineSink;
import java.io.IOException;
import java.util.function.IntSupplier;

/** The agent's uplink as a line sink: every chunk of a job's output goes into its spool, tagged with the run. */
public final class SpoolSink implements LineSink {
    private final JobSpool spool;
    private final IntSupplier run;

    public SpoolSink(JobSpool spool, IntSupplier currentRun) {
        this.spool = spool;
        this.run = currentRun;
    }

    @Override
    public void accept(byte[] buf, int off, int len) throws IOException {
        spool.append(buf, off, len, run.getAsInt());
    }

    @Override
    public void reopen() {
        // nothing to rotate
    }

    @Override
    public void close() {
        // the spool outlives one supervisor: the host closes it
    }
}
