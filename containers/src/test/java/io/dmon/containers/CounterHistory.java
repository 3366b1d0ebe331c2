package io.dmon.containers;

import java.util.ArrayList;
import java.util.List;

/**
 * The output of a counter job ({@code 1, 2, 3, ...}, starting over at 1 in each new run) as read
 * back through a coordinator, cut into runs. Contiguous means: every line a number, each one
 * more than the one before except where a run starts over at 1; no gap, no repeat.
 */
record CounterHistory(List<long[]> runs, String problem) {

    static CounterHistory parse(String text) {
        List<long[]> runs = new ArrayList<>();
        long[] current = null;
        int lineNo = 0;
        for (String line : text.lines().toList()) {
            lineNo++;
            long n;
            try {
                n = Long.parseLong(line.strip());
            } catch (NumberFormatException e) {
                return new CounterHistory(runs, "line " + lineNo + " is not a number: '" + line + "'");
            }
            if (current != null && n == current[1] + 1) {
                current[1] = n;
            } else if (current == null || n == 1) {
                current = new long[] {n, n};
                runs.add(current);
            } else {
                return new CounterHistory(runs, "line " + lineNo + ": " + n + " after " + current[1]
                        + (n <= current[1] ? " (a repeat)" : " (a gap of " + (n - current[1] - 1) + ")"));
            }
        }
        return new CounterHistory(runs, null);
    }

    boolean contiguous() {
        return problem == null;
    }

    /** The last number of the last run, 0 when empty. */
    long last() {
        return runs.isEmpty() ? 0 : runs.get(runs.size() - 1)[1];
    }

    long first() {
        return runs.isEmpty() ? 0 : runs.get(0)[0];
    }

    long lines() {
        return runs.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(problem == null ? "contiguous" : problem).append(", runs");
        runs.forEach(r -> b.append(" [").append(r[0]).append("..").append(r[1]).append(']'));
        return b.toString();
    }
}
