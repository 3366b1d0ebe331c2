package io.dmon.agent.monitor;

import io.dmon.agent.process.ExitStatus;

/** One line a monitor sent (protocol in the package notes), or the end of the connection. */
public sealed interface MonitorEvent {

    /** The first line of every connection: which monitor this is. */
    record Hello(int protocol, int pid, long startTime) implements MonitorEvent {
    }

    /** The store: last seq written, bytes ever written, lines dropped unconsumed, lines lost to write errors. */
    record Output(long lastSeq, long bytes, long dropped, long lost) implements MonitorEvent {
    }

    /** A run started: its leader's pid and /proc start time; execErrno non-zero when the program could not run. */
    record Started(int run, int pid, long startTime, int execErrno, long unixMs) implements MonitorEvent {
    }

    /** A run's leader was reaped, with its raw wait status. */
    record Exited(int run, ExitStatus status, long unixMs) implements MonitorEvent {
    }

    /** A run's pipes closed: all its lines are in the store, the last one at {@code lastSeq}. */
    record Drained(int run, long lastSeq) implements MonitorEvent {
    }

    /** The disk refuses the store's writes ({@code errno}): the monitor stops reading the run's pipes until it takes them. */
    record Stalled(int errno) implements MonitorEvent {
    }

    /** The store takes writes again after a {@link Stalled}. */
    record Resumed() implements MonitorEvent {
    }

    /** The answer to a command: {@code ok COMMAND} or {@code refused COMMAND WHY}; also pong and bye. */
    record Reply(String command, boolean ok, String reason) implements MonitorEvent {
    }

    /** The monitor refused a malformed command and closed the connection. */
    record ProtocolError(String reason) implements MonitorEvent {
    }

    /** An event this client does not know (a newer monitor's): ignored. */
    record Unknown(String line) implements MonitorEvent {
    }

    /** The connection ended: detached, replaced, refused, or the monitor is gone. */
    record Closed(String reason) implements MonitorEvent {
    }
}
