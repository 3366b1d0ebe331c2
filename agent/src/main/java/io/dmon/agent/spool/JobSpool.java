package io.dmon.agent.spool;

import com.google.protobuf.ByteString;
import io.dmon.proto.v1.LogLine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * One job's output lines on their way to the coordinators. Every line gets the next sequence
 * number of the job (counting from 1 across runs and agent restarts) and is appended to a segment
 * file before anything is sent, so a line the job printed survives a lost connection or a killed
 * agent. Lines leave the spool only when a coordinator acknowledged them as stored; the spool is
 * bounded, and on overflow the oldest unacknowledged lines go, with a message saying how many.
 *
 * <p>Thread-safe: the job's pump appends, the link reads and acknowledges.
 */
public final class JobSpool {
    private static final int SEGMENT_BYTES = 4 << 20;

    private final String jobId;
    private final Path dir;
    private final long maxBytes;
    private final Deque<LogLine> unacked = new ArrayDeque<>();
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long bytes;
    private long nextSeq;
    private long ackedSeq;
    private long dropped;
    private OutputStream out;
    private Runnable onAppend = () -> { };

    private record Segment(Path file, long firstSeq, long[] lastSeq) {
    }

    /** Opens (or recovers) the spool of {@code jobId} in {@code dir}. */
    public JobSpool(String jobId, Path dir, long maxBytes) throws IOException {
        this.jobId = jobId;
        this.dir = dir;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
        ackedSeq = readLong(dir.resolve("acked"), 0);
        nextSeq = ackedSeq + 1;
        recover();
    }

    /** Called after lines were appended (the link sends them). */
    public synchronized void onAppend(Runnable callback) {
        this.onAppend = callback;
    }

    public String jobId() {
        return jobId;
    }

    /** Appends whole lines ({@code '\n'}-terminated) of run {@code run}. */
    public void append(byte[] buf, int off, int len, int run) throws IOException {
        Runnable callback;
        synchronized (this) {
            long now = System.currentTimeMillis();
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (buf[i] == '\n') {
                    LogLine line = LogLine.newBuilder().setJobId(jobId).setRun(run).setSeq(nextSeq++).setUnixMs(now)
                            .setLine(ByteString.copyFrom(buf, start, i - start)).build();
                    write(line);
                    start = i + 1;
                }
            }
            out.flush();
            enforceLimit();
            callback = onAppend;
        }
        callback.run();
    }

    /** Up to {@code max} unacknowledged lines with a seq above {@code afterSeq}, in order. */
    public synchronized List<LogLine> linesAfter(long afterSeq, int max) {
        List<LogLine> result = new ArrayList<>(Math.min(max, unacked.size()));
        for (LogLine l : unacked) {
            if (l.getSeq() > afterSeq) {
                result.add(l);
                if (result.size() >= max) {
                    break;
                }
            }
        }
        return result;
    }

    /** The coordinators stored every line up to {@code seq}: they may leave the spool. */
    public synchronized void ack(long seq) throws IOException {
        if (seq <= ackedSeq) {
            return;
        }
        ackedSeq = Math.min(seq, nextSeq - 1);
        while (!unacked.isEmpty() && unacked.peekFirst().getSeq() <= ackedSeq) {
            bytes -= unacked.removeFirst().getSerializedSize();
        }
        writeLong(dir.resolve("acked"), ackedSeq);
        while (segments.size() > 1 && segments.peekFirst().lastSeq()[0] <= ackedSeq) {
            Files.deleteIfExists(segments.removeFirst().file());
        }
    }

    public synchronized long ackedSeq() {
        return ackedSeq;
    }

    /** The seq the next line will get. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    /** Lines dropped on overflow since the spool was opened. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Closes the current segment; the lines stay on disk. */
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** Removes the spool from disk (the job is gone for good). */
    public synchronized void delete() throws IOException {
        close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    private void write(LogLine line) throws IOException {
        Segment current = segments.peekLast();
        if (out == null || current == null || Files.size(current.file()) > SEGMENT_BYTES) {
            if (out != null) {
                out.close();
            }
            Path file = dir.resolve(String.format("%020d.seg", line.getSeq()));
            out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), 64 * 1024);
            current = new Segment(file, line.getSeq(), new long[] {line.getSeq()});
            segments.addLast(current);
        }
        line.writeDelimitedTo(out);
        current.lastSeq()[0] = line.getSeq();
        unacked.addLast(line);
        bytes += line.getSerializedSize();
    }

    private void enforceLimit() throws IOException {
        long before = dropped;
        while (bytes > maxBytes && !unacked.isEmpty()) {
            LogLine oldest = unacked.removeFirst();
            bytes -= oldest.getSerializedSize();
            ackedSeq = oldest.getSeq();
            dropped++;
        }
        if (dropped > before) {
            writeLong(dir.resolve("acked"), ackedSeq);
            while (segments.size() > 1 && segments.peekFirst().lastSeq()[0] <= ackedSeq) {
                Files.deleteIfExists(segments.removeFirst().file());
            }
            System.err.println("dmon-agent: spool of " + jobId + " is full (" + maxBytes + " bytes): dropped "
                    + (dropped - before) + " unacknowledged lines, up to seq " + ackedSeq);
        }
    }

    /** Reads back what a previous agent left: unacknowledged lines, and where seq goes on. */
    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
        for (Path file : files) {
            long last = -1;
            long first = -1;
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
                while (true) {
                    LogLine line;
                    try {
                        line = LogLine.parseDelimitedFrom(in);
                    } catch (IOException torn) {
                        break; // a line cut short by a crash: everything before it is whole
                    }
                    if (line == null) {
                        break;
                    }
                    first = first < 0 ? line.getSeq() : first;
                    last = line.getSeq();
                    nextSeq = Math.max(nextSeq, last + 1);
                    if (line.getSeq() > ackedSeq) {
                        unacked.addLast(line);
                        bytes += line.getSerializedSize();
                    }
                }
            }
            if (last < 0 || last <= ackedSeq) {
                Files.deleteIfExists(file);
            } else {
                segments.addLast(new Segment(file, first, new long[] {last}));
            }
        }
        // New lines go to a fresh segment (out is null until the first write): the last one may end
        // in a record torn by the crash.
        long persisted = readLong(dir.resolve("next-seq"), 1);
        nextSeq = Math.max(nextSeq, persisted);
        writeLong(dir.resolve("next-seq"), nextSeq);
    }

    static long readLong(Path file, long fallback) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    static void writeLong(Path file, long value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(value), StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
