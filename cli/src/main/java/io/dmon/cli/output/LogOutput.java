package io.dmon.cli.output;

import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.SkippedLines;
import java.util.List;

/** Where the lines of a log stream go, each once, in the order shown, with the gaps between them. */
public interface LogOutput {
    /**
     * Shows one line.
     *
     * @throws io.dmon.cli.CliException (quiet, {@link io.dmon.cli.ExitCode#OUTPUT_CLOSED}) once
     *         the output cannot be written any more
     */
    void line(LogLine line);

    /**
     * Shows lines in order, as {@link #line} each; an output may write them out together, once
     * after the last, rather than one by one.
     */
    default void lines(List<LogLine> lines) {
        lines.forEach(this::line);
    }

    /**
     * Lines that will not be shown (gone from the host, or it could not be asked), said where
     * they would have been, and only the part not said before.
     */
    void skipped(SkippedLines gap);
}
