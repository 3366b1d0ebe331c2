package io.dmon.agent.output;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Lines into the stdin pipe of an external log command. The supervisor keeps the pipe's read end
 * open too, so a dying log command never turns writes into EPIPE: lines wait in the pipe for the
 * next log command, and when the pipe is full, writes block and the command's output backs up
 * into its own pipe (back-pressure, not loss).
 */
public final class PipeSink implements LineSink {
    private final FileOutputStream out;
    private final FileChannel channel;

    public PipeSink(FileDescriptor writeEnd) {
        this.out = new FileOutputStream(writeEnd);
        this.channel = out.getChannel();
    }

    @Override
    public void accept(byte[] buf, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void reopen() {
        // The log command rotates its own files.
    }

    /** Closes the write end: the log command reads what is left, then end of file. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
