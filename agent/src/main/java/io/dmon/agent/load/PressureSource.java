package io.dmon.agent.load;

/** Where the host's pressure stall information comes from. */
public interface PressureSource {
    /** What can be read now; never fails: what cannot be read is missing from the sample. */
    PressureSample pressure();
}
