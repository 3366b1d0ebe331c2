package io.dmon.agent.output;

import io.dmon.spec.OptionScanner;
import io.dmon.spec.SpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * The options dlog and drlog share as the two tools that append lines, read and checked alike:
 * where the lines come from ({@code -i}) and how they are written ({@code -b}, {@code -t},
 * {@code -e}).
 */
final class AppendArgs {
    private static final List<ToolOption> OPTIONS = List.of(
            new ToolOption('i', "input-fd", true),
            new ToolOption('b', "buffered", false),
            new ToolOption('t', "timestamp", false),
            new ToolOption('e', "skip-empty", false));

    private String inputFd;
    private boolean buffered;
    private boolean timestamp;
    private boolean skipEmpty;

    /** A tool's option table: its own options, then these, then help (the order its usage lists them in). */
    static List<ToolOption> tableAfter(ToolOption... own) {
        List<ToolOption> table = new ArrayList<>(List.of(own));
        table.addAll(OPTIONS);
        table.add(ToolOption.HELP);
        return List.copyOf(table);
    }

    /** Takes {@code use} when it is one of these options; false when it is another. */
    boolean take(OptionScanner.Use<ToolOption> use) {
        switch (use.option().letter()) {
            case 'i' -> inputFd = use.value();
            case 'b' -> buffered = !use.negated();
            case 't' -> timestamp = !use.negated();
            case 'e' -> skipEmpty = !use.negated();
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The descriptor to read from ({@code -i}). */
    int inputFd() throws SpecException {
        return inputFd == null ? 0 : ToolArgs.descriptor("-i", inputFd);
    }

    boolean buffered() {
        return buffered;
    }

    boolean timestamp() {
        return timestamp;
    }

    boolean skipEmpty() {
        return skipEmpty;
    }
}
