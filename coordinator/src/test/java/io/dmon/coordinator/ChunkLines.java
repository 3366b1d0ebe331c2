package io.dmon.coordinator;

import io.dmon.proto.v1.LogChunk;
import io.dmon.proto.v1.LogLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** A LogChunks answer read line by line, as tests that care only for the lines read it. */
public final class ChunkLines implements Iterator<LogLine> {
    private final Iterator<LogChunk> chunks;
    private Iterator<LogLine> current = Collections.emptyIterator();

    private ChunkLines(Iterator<LogChunk> chunks) {
        this.chunks = chunks;
    }

    /** The lines of {@code chunks}, each chunk read when its first line is wanted (a follow blocks there). */
    public static ChunkLines of(Iterator<LogChunk> chunks) {
        return new ChunkLines(chunks);
    }

    /** Every line of a bounded answer. */
    public static List<LogLine> all(Iterator<LogChunk> chunks) {
        List<LogLine> lines = new ArrayList<>();
        of(chunks).forEachRemaining(lines::add);
        return lines;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (!chunks.hasNext()) {
                return false;
            }
            current = chunks.next().getLinesList().iterator();
        }
        return true;
    }

    @Override
    public LogLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
