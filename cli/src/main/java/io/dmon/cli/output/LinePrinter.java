package io.dmon.cli.output;

import io.dmon.cli.CliException;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.SkippedLines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes job output lines to standard output: the line's bytes exactly as the job wrote them
 * (never decoded and re-encoded, so any charset or binary junk survives), then a line break.
 * With a prefix, each line starts with {@code JOB| }; with colour, the prefix is drawn in a colour
 * that stays the same for a job across runs of dmonctl. A line from the job's stderr printed
 * among stdout lines is marked: {@code JOB! } instead of {@code JOB| }, or {@code ! } without a
 * prefix; a printer that splits the streams writes stderr lines, unmarked, to its own stream.
 * With timestamps, each line starts with its time ({@link LineTime}) and a space, before the
 * prefix. Where a destination is a terminal, the printer can make the lines' control characters
 * visible ({@link VisibleControls}) so that a job cannot drive the operator's terminal.
 * Skipped lines are not this printer's to say: the follower's notices on standard error say them.
 * Thread-safe: lines are never interleaved.
 */
public final class LinePrinter implements LogOutput {
    /** Red, green, yellow, blue, magenta, cyan: readable on dark and light backgrounds. */
    private static final int[] COLOURS = {31, 32, 33, 34, 35, 36};

    private final PrintStream out;
    private final boolean prefix;
    private final boolean colour;
    /** Where stderr lines go, unmarked; null when they go to {@code out}, marked. */
    private final PrintStream err;
    private final boolean stdoutLines;
    private final boolean stderrLines;
    private final boolean timestamps;
    private final boolean visibleOnOut;
    private final boolean visibleOnErr;
    /** Set while {@link #lines} prints: the lines are flushed once, after the last. */
    private boolean inRun;

    /**
     * @param out    where lines go; flushed after every line, since output is followed live
     * @param prefix start each line with its job id
     * @param colour colour the prefix (only when {@code out} is a terminal and NO_COLOR is unset)
     */
    public LinePrinter(PrintStream out, boolean prefix, boolean colour) {
        this(out, null, prefix, colour, true, true, false, false, false);
    }

    private LinePrinter(PrintStream out, PrintStream err, boolean prefix, boolean colour, boolean stdoutLines,
            boolean stderrLines, boolean timestamps, boolean visibleOnOut, boolean visibleOnErr) {
        this.out = out;
        this.err = err;
        this.prefix = prefix;
        this.colour = colour;
        this.stdoutLines = stdoutLines;
        this.stderrLines = stderrLines;
        this.timestamps = timestamps;
        this.visibleOnOut = visibleOnOut;
        this.visibleOnErr = visibleOnErr;
    }

    /** A printer of the lines of one stream only: stdout's or stderr's (then unmarked, all being stderr). */
    public LinePrinter only(boolean stderr) {
        return new LinePrinter(out, err, prefix, colour, !stderr, stderr, timestamps, visibleOnOut, visibleOnErr);
    }

    /** A printer that writes stdout lines to {@code out} and stderr lines to {@code err}, each unmarked. */
    public static LinePrinter split(PrintStream out, PrintStream err, boolean prefix, boolean colour) {
        return new LinePrinter(out, err, prefix, colour, true, true, false, false, false);
    }

    /** This printer, each line starting with the time it was written. */
    public LinePrinter withTimestamps() {
        return new LinePrinter(out, err, prefix, colour, stdoutLines, stderrLines, true, visibleOnOut, visibleOnErr);
    }

    /**
     * This printer, making control characters visible in the lines it writes to {@code out} (and,
     * when it splits the streams, to {@code err}): for destinations that are terminals.
     */
    public LinePrinter showingControls(boolean onOut, boolean onErr) {
        return new LinePrinter(out, err, prefix, colour, stdoutLines, stderrLines, timestamps, onOut, onErr);
    }

    /** Prints one line: {@link #print}. */
    @Override
    public void line(LogLine line) {
        print(line);
    }

    /** Nothing: skipped lines are said on standard error, by the follower. */
    @Override
    public void skipped(SkippedLines gap) {
    }

    /**
     * Prints one line.
     *
     * @throws CliException (quiet, {@link io.dmon.cli.ExitCode#OUTPUT_CLOSED}) once standard
     *         output cannot be written any more: a reader that went away wants no more lines
     */
    public synchronized void print(LogLine line) {
        if (line.getStderr() ? !stderrLines : !stdoutLines) {
            return;
        }
        boolean toErr = line.getStderr() && err != null;
        PrintStream to = toErr ? err : out;
        boolean marked = line.getStderr() && err == null && stdoutLines;
        try {
            if (timestamps) {
                to.write((LineTime.of(line.getUnixMs()) + " ").getBytes(StandardCharsets.US_ASCII));
            }
            if (prefix) {
                to.write(prefixOf(line.getJobId(), marked ? '!' : '|').getBytes(StandardCharsets.UTF_8));
            } else if (marked) {
                to.write(new byte[] {'!', ' '});
            }
            if (toErr ? visibleOnErr : visibleOnOut) {
                VisibleControls.write(line.getLine().toByteArray(), to);
            } else {
                line.getLine().writeTo(to);
            }
            to.write('\n');
        } catch (IOException e) {
            // PrintStream reports its own failures through checkError(); this is for the rest.
            throw CliException.outputClosed();
        }
        if (inRun) {
            return;
        }
        to.flush();
        if (to.checkError()) {
            throw CliException.outputClosed();
        }
    }

    /**
     * Prints lines as {@link #print} does, flushed once after the last: one write of many lines,
     * not one per line (measured: a million lines to a pipe cost 0.8 s of system time written
     * one by one, 0.2 s so).
     */
    @Override
    public synchronized void lines(List<LogLine> lines) {
        inRun = true;
        try {
            lines.forEach(this::print);
        } finally {
            inRun = false;
        }
        for (PrintStream to : err == null ? List.of(out) : List.of(out, err)) {
            // checkError flushes first.
            if (to.checkError()) {
                throw CliException.outputClosed();
            }
        }
    }

    String prefixOf(String jobId) {
        return prefixOf(jobId, '|');
    }

    private String prefixOf(String jobId, char mark) {
        if (!colour) {
            return jobId + mark + " ";
        }
        return "\u001b[" + colourOf(jobId) + "m" + jobId + mark + "\u001b[0m ";
    }

    /** A job's colour: a function of its id alone, so it does not change between invocations. */
    static int colourOf(String jobId) {
        return COLOURS[Math.floorMod(jobId.hashCode(), COLOURS.length)];
    }
}
