package io.dmon.agent.monitor;

import java.io.IOException;

/**
 * Where a job's monitor is written down for the next agent: the job's runtime record. Every call
 * returns once the record is on disk.
 */
@FunctionalInterface
public interface MonitorRecords {
    /**
     * The job's monitor is now the one in directory {@code name} ({@code null}: none), its line N
     * being the job's spool line {@code base} + N.
     *
     * @throws IOException when the record could not be written
     */
    void monitorAt(String name, long base) throws IOException;
}
