package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.util.List;
import java.util.Locale;

/** Rounds of one gate crossing reported as figures: p50 beside the floor, and p99 (against the target when it has one). */
final class CrossingFigures {
    private CrossingFigures() {
    }

    /** @param target the p99's target, or null when this crossing has none */
    static void report(Result r, String what, List<Double> samples, double floor, Target target) {
        Stats s = Stats.of(samples);
        r.add(Figure.of(what + ", p50", s.p50(), Unit.MS).floor(floor)
                .detail(String.format(Locale.ROOT, "%d rounds, min %.0f ms, p99 %.0f ms", samples.size(), s.min(), s.p99())));
        Figure p99 = Figure.of(what + ", p99", s.p99(), Unit.MS);
        r.add(target != null ? p99.target(target) : p99);
        r.samples(what.replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT), samples);
    }
}
