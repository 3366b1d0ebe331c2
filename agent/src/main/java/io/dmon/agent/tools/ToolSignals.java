package io.dmon.agent.tools;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * Delivers the signals a tool handles to Java code, one at a time on a thread of its own: the
 * native handler only writes the signal number into a pipe, the only safe thing to do there.
 */
public final class ToolSignals {
    private ToolSignals() {
    }

    /** Routes {@code signals} to {@code handler}, called on a daemon thread named {@code name}. */
    public static void route(Posix posix, int[] signals, IntConsumer handler, String name) throws PosixException {
        int fd = posix.routeSignals(signals);
        Thread t = new Thread(() -> {
            try (FileInputStream in = new FileInputStream(posix.fileDescriptor(fd))) {
                for (int b; (b = in.read()) >= 0; ) {
                    handler.accept(b);
                }
            } catch (IOException e) {
                System.err.println(name + ": signal pipe: " + e.getMessage());
            }
        }, name + "-signals");
        t.setDaemon(true);
        t.start();
    }
}
