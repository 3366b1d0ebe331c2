package io.dmon.coordinator.fleet;

/** How events and notes show a duration: {@code 10m}, {@code 1h30m}, {@code 45s}, {@code 1500ms}. */
public final class HumanDuration {
    private HumanDuration() {
    }

    public static String of(long ms) {
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (s >= sizes[i]) {
                out.append(s / sizes[i]).append(units[i]);
                s %= sizes[i];
            }
        }
        return out.toString();
    }
}
