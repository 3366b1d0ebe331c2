package io.dmon.wire;

/**
 * How a duration reads in the texts the fleet's programs exchange and show (event causes, gate
 * notes, dmonctl's replies): {@code 10m}, {@code 1h30m}, {@code 45s}, {@code 1500ms} when not
 * whole seconds. One spelling, so that the agent's "pause … for 10m ended" and the coordinator's
 * "manual by … for 10m" say the same thing the same way.
 */
public final class CompactDuration {
    private static final long[] SECONDS = {86_400, 3_600, 60, 1};
    private static final String[] UNITS = {"d", "h", "m", "s"};

    private CompactDuration() {
    }

    public static String of(long ms) {
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < SECONDS.length; i++) {
            if (s >= SECONDS[i]) {
                out.append(s / SECONDS[i]).append(UNITS[i]);
                s %= SECONDS[i];
            }
        }
        return out.length() == 0 ? "0s" : out.toString();
    }
}
