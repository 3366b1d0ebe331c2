package io.dmon.bench;

import io.dmon.bench.Figure.Unit;
import java.util.Optional;

/**
 * What mutual TLS costs the fleet ({@code --only tls}; not in the default run): the same dispatch,
 * log latency and log throughput measurements as {@link FleetBench}, on a plaintext fleet and then on a fleet
 * whose every hop is mutual TLS 1.3 (coordinator, agents and dmonctl with certificates of their
 * own CA), in one run on one machine. Each mTLS row shows the plaintext figure as its floor, and
 * the ratios that matter carry the target: at most 1.3 times plaintext.
 */
final class TlsBench implements Measurement {
    private static final double TARGET = 1.3;
    private static final String DISPATCH_ALL = "dispatch from dmonctl's start (JVM incl.), p50";
    private static final String LOG_LATENCY = "log latency: written by the job -> printed by logs -f, p50";
    private static final String THROUGHPUT = "log throughput to one follower";

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Result run(Bench b) throws Exception {
        boolean quick = b.quick();
        int dispatches = quick ? 5 : 20;
        int tokens = quick ? 20 : 50;
        long lines = quick ? 50_000 : 200_000;
        Result plain = measure(b, null, dispatches, tokens, lines);
        Result tls = measure(b, FleetTls.create(b.file(FleetTls.PREFIX + "certificates")), dispatches, tokens, lines);

        Result r = new Result(name(), "fleet over mutual TLS 1.3 beside plaintext (one coordinator, two agents)");
        for (Figure f : tls.figures()) {
            Optional<Figure> floor = find(plain, f.label());
            if (f.failure() != null || floor.isEmpty() || floor.get().failure() != null) {
                r.add(f.failure() != null ? Figure.failed("mTLS: " + f.label().strip(), f.failure())
                        : Figure.failed("mTLS: " + f.label().strip(), "no plaintext figure to compare with"));
                continue;
            }
            r.add(Figure.of("mTLS: " + f.label().strip(), f.value(), f.unit()).floor(floor.get().value()));
        }
        // Dispatch after the Run RPC's answer is a difference of two moments near zero (the job may
        // start first): no ratio of it means anything. The whole command and the log path do.
        ratio(r, plain, tls, DISPATCH_ALL, "mTLS/plaintext: dispatch incl. dmonctl, p50", false);
        ratio(r, plain, tls, LOG_LATENCY, "mTLS/plaintext: log latency, p50", false);
        ratio(r, plain, tls, THROUGHPUT, "plaintext/mTLS: log throughput", true);
        r.note("each mTLS row's floor is the same figure on the plaintext fleet, measured just before in this run");
        r.note("dmonctl's start includes reading its certificate and key and a full TLS 1.3 handshake (sessions "
                + "are never resumed); agents and followers keep their connection, so later calls pay none");
        return r;
    }

    private static Result measure(Bench b, FleetTls tls, int dispatches, int tokens, long lines) throws Exception {
        Result r = new Result("tls", tls == null ? "plaintext" : "mutual TLS");
        try (Fleet fleet = Fleet.start(b, 2, tls)) {
            FleetLatency latency = new FleetLatency(b, fleet);
            latency.dispatch(r, dispatches);
            latency.logs(r, tokens);
            new FleetThroughput(b, fleet).run(r, lines);
        }
        return r;
    }

    private static Optional<Figure> find(Result r, String label) {
        return r.figures().stream().filter(f -> f.label().strip().startsWith(label.strip())).findFirst();
    }

    /** {@code tls / plain} (or the inverse for a rate), with the target. */
    private static void ratio(Result r, Result plain, Result tls, String label, String title, boolean rate) {
        Optional<Figure> p = find(plain, label);
        Optional<Figure> t = find(tls, label);
        if (p.isEmpty() || t.isEmpty() || p.get().failure() != null || t.get().failure() != null
                || p.get().value() <= 0 || t.get().value() <= 0) {
            r.add(Figure.failed(title, "a figure is missing on one of the fleets"));
            return;
        }
        double value = rate ? p.get().value() / t.get().value() : t.get().value() / p.get().value();
        r.add(Figure.of(title, value, Unit.RATIO).target(Figure.Target.atMost(TARGET)));
    }
}
