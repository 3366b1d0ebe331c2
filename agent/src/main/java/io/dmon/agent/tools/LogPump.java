package io.dmon.agent.tools;

import io.dmon.agent.output.IoMessages;
import io.dmon.agent.output.LineSink;
import io.dmon.agent.output.LineSplitter;
import io.dmon.agent.process.JvmSignals;
import io.dmon.agent.process.ProcSelf;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;

/**
 * The loop of a log program: reads its input descriptor in big chunks, hands whole lines to the
 * sink, and obeys the signals.
 *
 * <ul>
 *   <li>Each read takes what the pipe holds and then whatever else is already waiting (without
 *       blocking), so one {@link LineSink#accept} — one fsync in durable mode — covers everything
 *       that arrived together.
 *   <li>HUP reopens the sink at once, from the signal's thread: a lock keeps it apart from the
 *       writes, and a read blocked waiting for input does not delay it (the file is closed right
 *       away, as DMon's handler closes it).
 *   <li>INT and TERM close the input, which wakes a blocked read; the loop then hands over the
 *       lines it holds, closes (syncs) the sink and returns, and the program exits with status 0.
 * </ul>
 */
final class LogPump {
    /** Never read into less than this: a pipe holds 64 KiB. */
    private static final int MIN_READ = 64 * 1024;
    private static final int CAPACITY = 1024 * 1024;

    private final String program;
    private final FileInputStream in;
    private final FileChannel channel;
    private final LineSink sink;
    private final LineSplitter splitter;
    private final Object lock = new Object();
    private volatile boolean stopping;

    private LogPump(String program, FileInputStream in, LineSink sink) {
        this.program = program;
        this.in = in;
        this.channel = in.getChannel();
        this.sink = sink;
        this.splitter = new LineSplitter(sink, CAPACITY);
    }

    /**
     * The whole life of a log program once its options are read: pumps descriptor {@code fd} into
     * {@code sink} until the input ends or INT or TERM stops it, HUP reopening the sink meanwhile.
     */
    static void pump(String program, int fd, LineSink sink) throws IOException {
        LogPump pump = new LogPump(program, input(fd), sink);
        pump.handleSignals();
        pump.run();
    }

    /** Descriptor {@code fd} for reading: standard input itself, or the descriptor opened anew (for {@code -i}). */
    private static FileInputStream input(int fd) throws IOException {
        if (fd == 0) {
            return new FileInputStream(FileDescriptor.in);
        }
        try {
            return ProcSelf.openDescriptor(fd);
        } catch (IOException e) {
            throw new IOException("cannot read from descriptor " + fd + ": " + IoMessages.reason(e), e);
        }
    }

    /** Routes HUP to {@link #reopen()}, INT and TERM to {@link #stop()}. */
    private void handleSignals() {
        handle("HUP", this::reopen);
        handle("INT", this::stop);
        handle("TERM", this::stop);
    }

    private void handle(String signal, Runnable action) {
        try {
            JvmSignals.handle(signal, action);
        } catch (IllegalArgumentException e) {
            warn("cannot handle SIG" + signal + ": " + e.getMessage());
        }
    }

    /** Pumps until end of input or {@link #stop()}, then hands over a last partial line and closes the sink. */
    void run() throws IOException {
        try {
            for (;;) {
                int got = fill();
                if (got < 0) {
                    break;
                }
                synchronized (lock) {
                    splitter.commit(got);
                }
            }
        } catch (IOException e) {
            // Keep what was written: sync and close before reporting.
            synchronized (lock) {
                try {
                    sink.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        synchronized (lock) {
            splitter.finish();
            sink.close();
        }
    }

    /** Log rotation: the sink syncs and closes its file now, and reopens it by name on the next line. */
    void reopen() {
        synchronized (lock) {
            try {
                sink.reopen();
            } catch (IOException e) {
                warn("cannot reopen: " + e.getMessage());
            }
        }
    }

    /** Asks {@link #run()} to finish: closing the input wakes a read that waits for data. */
    void stop() {
        stopping = true;
        try {
            channel.close();
        } catch (IOException e) {
            warn("cannot close input: " + e.getMessage());
        }
    }

    /** Reads into the splitter's buffer; the byte count, or -1 at end of input or when stopped. */
    private int fill() throws IOException {
        splitter.reserve(MIN_READ);
        byte[] b = splitter.buffer();
        int pos = splitter.position();
        int room = splitter.writable();
        int got;
        try {
            got = channel.read(ByteBuffer.wrap(b, pos, room));
        } catch (ClosedChannelException e) {
            if (stopping) {
                return -1;
            }
            throw e;
        } catch (IOException e) {
            throw new IOException("error reading input: " + IoMessages.reason(e), e);
        }
        if (got < 0) {
            return -1;
        }
        try {
            while (got < room && in.available() > 0) {
                int more = channel.read(ByteBuffer.wrap(b, pos + got, room - got));
                if (more <= 0) {
                    break;
                }
                got += more;
            }
        } catch (IOException e) {
            if (!stopping) {
                throw new IOException("error reading input: " + IoMessages.reason(e), e);
            }
        }
        return got;
    }

    private void warn(String message) {
        PrintStream err = System.err;
        err.println(program + ": " + message);
    }
}
