package io.dmon.agent.load;

/**
 * DMon's load hysteresis: the gate closes when the load goes over the high mark and opens again
 * only when it falls to the low mark or below, so a load hovering between the two never flaps.
 * Pure: feed it samples, read its state.
 */
public final class LoadGate {
    private final double high;
    private final double low;
    private boolean closed;

    public LoadGate(double high, double low) {
        if (!(high > 0) || low < 0 || low > high) {
            throw new IllegalArgumentException("need 0 <= low <= high and high > 0, got low=" + low + " high=" + high);
        }
        this.high = high;
        this.low = low;
    }

    /** Takes one sample; returns true when the gate is closed afterwards. */
    public boolean update(double load) {
        if (closed) {
            if (load <= low) {
                closed = false;
            }
        } else if (load > high) {
            closed = true;
        }
        return closed;
    }

    public boolean closed() {
        return closed;
    }

    public double high() {
        return high;
    }

    public double low() {
        return low;
    }
}
