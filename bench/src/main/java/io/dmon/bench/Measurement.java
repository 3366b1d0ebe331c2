package io.dmon.bench;

/** One of the benchmark's measurements: it starts real processes and reports figures beside floors. */
interface Measurement {
    /** The name for {@code --only} and the JSON. */
    String name();

    /**
     * Measures. A failure of one variant is reported in the result; an exception means the
     * whole measurement failed, and is reported as such by the caller.
     */
    Result run(Bench bench) throws Exception;
}
