package io.dmon.cli.output;

import io.dmon.cli.CliException;
import io.dmon.proto.v1.LogLine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes job output lines to standard output: the line's bytes exactly as the job wrote them
 * (never decoded and re-encoded, so any charset or binary junk survives), then a line break.
 * With a prefix, each line starts with {@code JOB| }; with colour, the prefix is drawn in a colour
 * that stays the same for a job across runs of dmonctl. Thread-safe: lines are never interleaved.
 */
public final class LinePrinter {
    /** Red, green, yellow, blue, magenta, cyan: readable on dark and light backgrounds. */
    private static final int[] COLOURS = {31, 32, 33, 34, 35, 36};

    private final PrintStream out;
    private final boolean prefix;
    private final boolean colour;

    /**
     * @param out    where lines go; flushed after every line, since output is followed live
     * @param prefix start each line with its job id
     * @param colour colour the prefix (only when {@code out} is a terminal and NO_COLOR is unset)
     */
    public LinePrinter(PrintStream out, boolean prefix, boolean colour) {
        this.out = out;
        this.prefix = prefix;
        this.colour = colour;
    }

    /**
     * Prints one line.
     *
     * @throws CliException (quiet, {@link io.dmon.cli.ExitCode#OUTPUT_CLOSED}) once standard
     *         output cannot be written any more: a reader that went away wants no more lines
     */
    public synchronized void print(LogLine line) {
        try {
            if (prefix) {
                out.write(prefixOf(line.getJobId()).getBytes(StandardCharsets.UTF_8));
            }
            line.getLine().writeTo(out);
            out.write('\n');
        } catch (IOException e) {
            // PrintStream reports its own failures through checkError(); this is for the rest.
            throw CliException.outputClosed();
        }
        out.flush();
        if (out.checkError()) {
            throw CliException.outputClosed();
        }
    }

    String prefixOf(String jobId) {
        if (!colour) {
            return jobId + "| ";
        }
        return "\u001b[" + colourOf(jobId) + "m" + jobId + "|\u001b[0m ";
    }

    /** A job's colour: a function of its id alone, so it does not change between invocations. */
    static int colourOf(String jobId) {
        return COLOURS[Math.floorMod(jobId.hashCode(), COLOURS.length)];
    }
}
