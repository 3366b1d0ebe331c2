package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Counter jobs on a bench fleet: each prints 1, 2, 3, ... every 50 ms and leaves its last number
 * in a file in its container, and the check that none is lost, doubled or gapped: one live
 * process in the agent's container, {@code ps} naming it, and a contiguous history.
 */
final class CounterJobs {
    private static final String WHOLE = "whole: ";
    private final BenchContainers bench;

    CounterJobs(BenchContainers bench) {
        this.bench = bench;
    }

    /** The file the job keeps its last number in; its command line contains it too. */
    static String marker(String name) {
        return "/tmp/" + name + ".count";
    }

    /** Starts counter {@code name} on {@code agent} through the coordinators {@code via}; returns its id once it prints. */
    String start(List<String> via, String agent, String name) throws InterruptedException {
        String script = "i=0; while :; do i=$((i+1)); echo $i; echo $i > " + marker(name) + "; sleep 0.05; done";
        BenchContainers.Ctl run = bench.ctl(via, "run", "--host", agent, "--name", name, "sh", "-c", script)
                .orFail("run " + name);
        String id = name + "@" + agent;
        assertThat(run.out()).contains(id);
        Await.until(id + " printing", Duration.ofSeconds(60), () -> printed(agent, name) >= 20);
        return id;
    }

    /** The last number the job printed, read inside its container; 0 before its first. */
    long printed(String agent, String name) {
        String text = bench.read(agent, marker(name)).strip();
        if (!text.isEmpty() || !bench.exists(agent, marker(name))) {
            return text.isEmpty() ? 0 : Long.parseLong(text);
        }
        try {
            // Read between the shell's truncation and its write: read again.
            return Long.parseLong(Await.until(marker(name) + " written", Duration.ofSeconds(10),
                    () -> bench.read(agent, marker(name)).strip(), t -> !t.isEmpty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Within {@code max}: exactly one live process of job {@code name@agent} in the agent's
     * container, and ps through {@code via} shows the job once, RUNNING on that agent with that
     * pid; its history through {@code via} reaches {@code atLeast} in {@code runs} runs, from 1. A
     * gap or a repeat fails at once.
     */
    CounterHistory assertWhole(String via, String agent, String name, long atLeast, Duration max, int runs)
            throws InterruptedException {
        String id = name + "@" + agent;
        Await.until(id + ": one process on " + agent + ", ps through " + via + " names it", max, () -> {
            List<Integer> pids = bench.livePids(agent, marker(name));
            List<String[]> rows = bench.ps(via, id);
            Optional<String[]> row = rows.size() == 1 ? Optional.of(rows.get(0)) : Optional.empty();
            boolean whole = pids.size() == 1 && row.isPresent() && row.get()[1].equals(agent)
                    && row.get()[2].equals("RUNNING") && row.get()[3].equals(Integer.toString(pids.get(0)));
            return (whole ? WHOLE : "") + "pids " + pids + ", ps " + rows.stream().map(r -> String.join(" ", r)).toList();
        }, seen -> seen.startsWith(WHOLE));
        return Await.until(id + " history through " + via + " reaches " + atLeast + " in " + runs + " run(s)", max,
                () -> {
                    CounterHistory h = bench.history(via, id);
                    if (!h.contiguous() || h.runs().size() > runs || h.first() != 1) {
                        throw new AssertionError(id + " history through " + via + ": " + h);
                    }
                    return h;
                }, h -> h.runs().size() == runs && h.last() >= atLeast);
    }
}
