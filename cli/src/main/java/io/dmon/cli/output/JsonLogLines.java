package io.dmon.cli.output;

import io.dmon.cli.CliException;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.SkippedLines;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code logs --json}: each line as one JSON object on a line of its own, {@code job, host, run,
 * seq, time} (RFC 3339 UTC with milliseconds), {@code unix_ms, stream} ({@code stdout} or
 * {@code stderr}), {@code line} (see {@link LineText}: bytes that are not UTF-8 come as
 * <code>&#92;udc80</code> to <code>&#92;udcff</code>), and {@code cut_bytes} when the coordinators kept only the
 * start of a long line. Lines that will not come are said in place, as
 * {@code {"skipped":{"job","host","from_seq","to_seq","host_unreachable"}}}, so a program reading
 * the stream loses nothing without knowing. The host is the part of the job id after its '@'.
 * Flushed after every object; thread-safe.
 */
public final class JsonLogLines implements LogOutput {
    private final PrintStream out;
    private final boolean stdoutLines;
    private final boolean stderrLines;

    public JsonLogLines(PrintStream out) {
        this(out, true, true);
    }

    private JsonLogLines(PrintStream out, boolean stdoutLines, boolean stderrLines) {
        this.out = out;
        this.stdoutLines = stdoutLines;
        this.stderrLines = stderrLines;
    }

    /** Only the lines of one stream: stdout's or stderr's. */
    public JsonLogLines only(boolean stderr) {
        return new JsonLogLines(out, !stderr, stderr);
    }

    @Override
    public void line(LogLine line) {
        if (line.getStderr() ? !stderrLines : !stdoutLines) {
            return;
        }
        write(render(line));
    }

    @Override
    public void skipped(SkippedLines gap) {
        write(render(gap));
    }

    static String render(LogLine line) {
        JsonWriter w = new JsonWriter().beginObject()
                .name("job").value(line.getJobId())
                .name("host").value(host(line.getJobId()))
                .name("run").value(line.getRun())
                .name("seq").value(line.getSeq())
                .name("time").value(LineTime.of(line.getUnixMs()))
                .name("unix_ms").value(line.getUnixMs())
                .name("stream").value(line.getStderr() ? "stderr" : "stdout")
                .name("line").value(LineText.of(line.getLine()));
        if (line.getCutBytes() > 0) {
            w.name("cut_bytes").value(line.getCutBytes());
        }
        return oneLine(w.endObject());
    }

    static String render(SkippedLines gap) {
        return oneLine(new JsonWriter().beginObject().name("skipped").beginObject()
                .name("job").value(gap.getJobId())
                .name("host").value(host(gap.getJobId()))
                .name("from_seq").value(gap.getFromSeq())
                .name("to_seq").value(gap.getToSeq())
                .name("host_unreachable").value(gap.getHostUnreachable())
                .endObject().endObject());
    }

    /** A job id is NAME@HOST, and neither part holds an '@'. */
    private static String host(String jobId) {
        return jobId.substring(jobId.indexOf('@') + 1);
    }

    /** The writer starts each top-level member on a line; strings are escaped, so those are its only newlines. */
    private static String oneLine(JsonWriter w) {
        return w.toString().replace("\n", "");
    }

    private synchronized void write(String json) {
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
        if (out.checkError()) {
            throw CliException.outputClosed();
        }
    }
}
