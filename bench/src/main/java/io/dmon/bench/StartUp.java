package io.dmon.bench;

import io.dmon.bench.Figure.Target;
import io.dmon.bench.Figure.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up: the wall time of {@code bin/dmon -n -1 true} from the start of the launcher to the
 * exit of dmon (a JVM start, one spawn, one reap, exit), measured with the floors in turn (round
 * robin, so that a noisy moment hits all of them alike), after two warm-up rounds.
 *
 * <p>Floors: a JVM that starts and exits ({@link Hello}) with the launcher's flags (the ratio's
 * floor: the same JVM, doing nothing) and with default flags, and {@code /bin/true}.
 */
final class StartUp implements Measurement {
    private static final int WARM_UPS = 2;

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public Result run(Bench b) throws Exception {
        int runs = b.quick() ? 5 : 20;
        Result r = new Result(name(), "start-up: end-to-end wall time, " + runs + " runs after " + WARM_UPS
                + " warm-ups");
        List<Variant> variants = List.of(
                new Variant("dmon", b.dmon("-n", "-1", "true")),
                new Variant("hello_launcher_flags", b.javaRunning(true, Hello.class)),
                new Variant("hello_default_flags", b.javaRunning(false, Hello.class)),
                new Variant("bin_true", List.of("/bin/true")));
        b.progress("startup: " + (runs + WARM_UPS) + " rounds of " + variants.size() + " programs");
        Path log = b.file("startup.log");
        for (int round = 0; round < runs + WARM_UPS; round++) {
            for (Variant v : variants) {
                if (v.failure != null) {
                    continue;
                }
                Files.deleteIfExists(log);
                Process p = null;
                try {
                    long t0 = System.nanoTime();
                    p = b.procs().start(v.cmd, log);
                    boolean exited = Procs.await(p, 30_000);
                    long t1 = System.nanoTime();
                    if (!exited) {
                        v.failure = "no exit within 30 s";
                    } else if (p.exitValue() != 0) {
                        v.failure = "exit status " + p.exitValue() + ": " + Procs.lastLine(log);
                    } else if (round >= WARM_UPS) {
                        v.samples.add((t1 - t0) / 1e6);
                    }
                } finally {
                    b.procs().stop(p, 3_000);
                }
            }
        }
        Variant dmon = variants.get(0);
        Variant floor = variants.get(1);
        if (dmon.failure != null) {
            r.add(Figure.failed("start-up dmon -n -1 true", dmon.failure));
        } else {
            Stats s = Stats.of(dmon.samples);
            Figure p50 = Figure.of("start-up dmon -n -1 true p50", s.p50(), Unit.MS).target(Target.below(100));
            Figure p99 = Figure.of("start-up dmon -n -1 true p99", s.p99(), Unit.MS);
            if (floor.failure == null) {
                p50 = p50.floor(Stats.of(floor.samples).p50());
                p99 = p99.floor(Stats.of(floor.samples).p99());
            }
            r.add(p50).add(p99);
        }
        String[] labels = {null, "  floor: Hello JVM, launcher flags", "  floor: Hello JVM, default flags",
                "  floor: /bin/true"};
        for (int i = 1; i < variants.size(); i++) {
            Variant v = variants.get(i);
            if (v.failure != null) {
                r.add(Figure.failed(labels[i], v.failure));
            } else {
                Stats s = Stats.of(v.samples);
                r.add(Figure.of(labels[i] + " p50", s.p50(), Unit.MS).detail(String.format(java.util.Locale.ROOT,
                        "p99 %.1f ms", s.p99())));
            }
        }
        for (Variant v : variants) {
            r.samples(v.name + "_ms", v.samples);
        }
        r.note("timed from ProcessBuilder.start() of the launcher to the exit seen by waitFor()");
        return r;
    }

    /** One program started again and again. */
    private static final class Variant {
        final String name;
        final List<String> cmd;
        final List<Double> samples = new ArrayList<>();
        String failure;

        Variant(String name, List<String> cmd) {
            this.name = name;
            this.cmd = cmd;
        }
    }
}
