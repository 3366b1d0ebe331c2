package io.dmon.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Summary statistics over a handful of samples. Percentiles use the nearest-rank method (the
 * smallest sample with at least p% of the samples at or below it): with 20 samples p99 is the
 * maximum, which is the honest answer for so few runs.
 */
public final class Stats {
    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    /** Statistics of {@code samples}; there must be at least one. */
    public static Stats of(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return new Stats(s);
    }

    /** The nearest-rank percentile, {@code 0 < p <= 100}. */
    public double percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile out of (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    public double p50() {
        return percentile(50);
    }

    public double p99() {
        return percentile(99);
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public int count() {
        return sorted.length;
    }
}
