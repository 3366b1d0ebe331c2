package io.dmon.agent.supervise;

/**
 * The supervisor's only source of time: a monotonic clock for its deadlines and the wall clock
 * for the run start it reports. Injected, so nothing in supervision reads the system clock itself.
 */
public interface SupervisorClock {
    /** The system's clocks. */
    SupervisorClock SYSTEM = new SupervisorClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic nanoseconds, for deadlines and durations. */
    long nanoTime();

    /** Milliseconds since the epoch, for what is reported to people. */
    long currentTimeMillis();
}
