package io.dmon.agent.spool;

import io.dmon.agent.state.AtomicFile;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A spool's {@code cursor} file: the job it belongs to, the highest acknowledged seq, the next
 * seq to give, the job's creation time it holds lines of ({@code incarnation}, 0: not known) and the overflow episode not yet over (first and last seq dropped and how many, 0 when none), as
 * Java properties, replaced atomically.
 */
record CursorFile(String jobId, long acked, long next, long droppedFirst, long droppedLast, long droppedLines,
                  long incarnation) {
    static final String NAME = "cursor";

    static CursorFile read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String job = p.getProperty("job", "");
        if (job.isEmpty()) {
            throw new IOException(file + ": no job id");
        }
        try {
            return new CursorFile(job, Long.parseLong(p.getProperty("acked", "0")), Long.parseLong(p.getProperty("next", "1")),
                    Long.parseLong(p.getProperty("dropped.first", "0")), Long.parseLong(p.getProperty("dropped.last", "0")),
                    Long.parseLong(p.getProperty("dropped.lines", "0")), Long.parseLong(p.getProperty("incarnation", "0")));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad number: " + e.getMessage());
        }
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("job", jobId);
        p.setProperty("acked", Long.toString(acked));
        p.setProperty("next", Long.toString(next));
        if (incarnation != 0) {
            p.setProperty("incarnation", Long.toString(incarnation));
        }
        if (droppedFirst > 0) {
            p.setProperty("dropped.first", Long.toString(droppedFirst));
            p.setProperty("dropped.last", Long.toString(droppedLast));
            p.setProperty("dropped.lines", Long.toString(droppedLines));
        }
        StringWriter w = new StringWriter();
        p.store(w, "dmon-agent log spool");
        AtomicFile.write(dir.resolve(NAME), w.toString().getBytes(StandardCharsets.UTF_8));
    }
}
