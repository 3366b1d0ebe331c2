package io.dmon.agent.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A sink that records every call, for tests. */
final class CollectingSink implements LineSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> calls = new ArrayList<>();
    final List<byte[]> arrays = new ArrayList<>();
    int reopens;
    boolean closed;

    @Override
    public void accept(byte[] buf, int off, int len) {
        bytes.write(buf, off, len);
        calls.add(new String(buf, off, len, StandardCharsets.UTF_8));
        arrays.add(buf);
    }

    @Override
    public void reopen() {
        reopens++;
    }

    @Override
    public void close() {
        closed = true;
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
