package io.dmon.agent.monitor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An agent stand-in in a JVM of its own, for tests that kill it with -9: attaches to the monitor
 * in {@code args[0]}, starts run 1, prints {@code started PID}, then waits to be killed.
 */
public final class MonitorClientMain {
    private MonitorClientMain() {
    }

    public static void main(String[] args) throws Exception {
        MonitorConnection c = MonitorConnection.attach(Path.of(args[0]), Duration.ofSeconds(10));
        MonitorState.Run run = c.start(1);
        System.out.println("started " + run.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
