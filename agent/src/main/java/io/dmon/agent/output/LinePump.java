package io.dmon.agent.output;

import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Moves one run's output from its pipe to a shared sink, on a thread of its own, until every
 * writer of the pipe has closed it. Reads straight into the splitter's buffer and hands whole
 * lines over in big chunks. Several pumps (an old run's lingering children, the new run) may
 * share a sink: each writes through its {@link SharedSink#writer}, taking turns on the one lock,
 * one chunk of whole lines at a time, so lines never interleave mid-line. A line longer than {@link LineSplitter#MAX_LINE} is cut (and the
 * cut marked): a job printing without newlines must not take the supervisor's memory.
 */
public final class LinePump implements Runnable {
    private final FileDescriptor source;
    private final LineSink sink;
    private final String name;
    private final CountDownLatch done = new CountDownLatch(1);

    /** @param sink where whole lines go: a {@link SharedSink#writer} when pumps share a sink */
    public LinePump(FileDescriptor source, LineSink sink, String name) {
        this.source = source;
        this.sink = sink;
        this.name = name;
    }

    /** Starts the pump on a daemon thread. */
    public LinePump start() {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        t.start();
        return this;
    }

    @Override
    public void run() {
        LineSplitter splitter = LineSplitter.bounded(sink, LineSplitter.MAX_LINE);
        try (FileInputStream in = new FileInputStream(source); FileChannel channel = in.getChannel()) {
            while (true) {
                int room = splitter.readable();
                ByteBuffer into = ByteBuffer.wrap(splitter.buffer(), splitter.position(), room);
                int n = channel.read(into);
                if (n < 0) {
                    break;
                }
                splitter.commit(n);
            }
            splitter.finish();
        } catch (IOException e) {
            System.err.println("dmon: output of " + name + ": " + e.getMessage());
        } finally {
            done.countDown();
        }
    }

    /** Waits until the pipe reached end of file (or the time is up); true when drained. */
    public boolean awaitDrained(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }
}
