package io.dmon.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of another JVM: {@code jcmd PID GC.class_histogram} runs a full collection in
 * that JVM before it counts, so its total is what survives a full GC, the figure that tells a leak
 * from a collector that merely grows its heap (RSS alone cannot).
 *
 * <p>jcmd is the one of the JDK the benchmark runs on; it attaches by pid, which works for the
 * launchers' JVMs (same user, attach not disabled; -XX:-UsePerfData only hides them from jps).
 */
final class LiveHeap {
    private static final long TIMEOUT_SECONDS = 60;
    /** A histogram of a large heap is some MB of text; more means something else answered. */
    private static final int MAX_OUTPUT_BYTES = 64 << 20;

    private LiveHeap() {
    }

    /** A histogram: bytes per class (by the name jcmd prints, module included) and the total. */
    record Histogram(long totalBytes, Map<String, Long> bytesByClass) {
        double totalMib() {
            return totalBytes / (1024.0 * 1024.0);
        }
    }

    /** One class's growth between two histograms. */
    record Growth(String className, long fromBytes, long toBytes) {
        long delta() {
            return toBytes - fromBytes;
        }
    }

    /** Forces a full GC in {@code pid} and returns its histogram. */
    static Histogram histogram(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        // jcmd is a JVM of its own: keep it cheap on a machine the benchmark shares with what it measures.
        Process p = new ProcessBuilder(jcmd, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xmx64m",
                Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES);
            out = new String(bytes, StandardCharsets.UTF_8);
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.class_histogram did not end within " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram exited " + p.exitValue() + ": "
                    + firstLine(out));
        }
        return parse(out);
    }

    /** Parses jcmd's histogram text: rows {@code "  N:  instances  bytes  class"} and a {@code Total} row. */
    static Histogram parse(String text) throws IOException {
        Map<String, Long> byClass = new LinkedHashMap<>();
        long total = -1;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+", 4);
            if (f.length >= 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            } else if (f.length == 4 && f[0].endsWith(":") && isNumber(f[1]) && isNumber(f[2])) {
                byClass.merge(f[3], Long.parseLong(f[2]), Long::sum);
            }
        }
        if (total < 0) {
            throw new IOException("no Total row in a class histogram: " + firstLine(text));
        }
        return new Histogram(total, byClass);
    }

    /** The {@code n} classes that grew most from {@code early} to {@code late}, largest first. */
    static List<Growth> topGrowth(Histogram early, Histogram late, int n) {
        List<Growth> all = new ArrayList<>();
        late.bytesByClass().forEach((cls, bytes) -> all.add(new Growth(cls, early.bytesByClass().getOrDefault(cls, 0L),
                bytes)));
        all.sort(Comparator.comparingLong(Growth::delta).reversed());
        return all.subList(0, Math.min(n, all.size())).stream().filter(g -> g.delta() > 0).toList();
    }

    /** "class +X KiB (A -> B)" for each, joined with "; ". */
    static String describe(List<Growth> growth) {
        List<String> parts = new ArrayList<>();
        for (Growth g : growth) {
            parts.add(String.format(Locale.ROOT, "%s %+.0f KiB (%.0f -> %.0f)", g.className(), g.delta() / 1024.0,
                    g.fromBytes() / 1024.0, g.toBytes() / 1024.0));
        }
        return parts.isEmpty() ? "no class grew" : String.join("; ", parts);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
