package io.dmon.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** A command the benchmarks run for its effect (a kill, a write to a cgroup file), its output dropped. */
final class Quiet {
    private Quiet() {
    }

    /** Runs {@code cmd} to its end. */
    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        p.waitFor();
    }

    /** A step whose time a benchmark takes: it may run a command or write a file. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException, InterruptedException;
    }
}
