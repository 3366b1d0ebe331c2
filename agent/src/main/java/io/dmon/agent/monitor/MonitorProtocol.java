package io.dmon.agent.monitor;

import io.dmon.agent.process.ExitStatus;

/**
 * The monitor's line protocol (package notes): parses what a monitor sends, strictly, and
 * formats what the agent sends. A monitor is local but still outside this JVM: every line is
 * bounded and every field checked.
 */
final class MonitorProtocol {
    /** The protocol this client speaks; a monitor saying another one is refused. */
    static final int VERSION = 1;
    /** The longest event line a monitor sends, newline included. */
    static final int MAX_EVENT = 256;
    /** The longest command a monitor accepts, newline not included. */
    static final int MAX_COMMAND = 127;
    /** The longest stop grace period a monitor accepts. */
    static final long MAX_GRACE_MILLIS = 3_600_000;

    private MonitorProtocol() {
    }

    /**
     * One event line, without its newline.
     *
     * @throws MonitorException naming what is wrong with a line this protocol version defines
     */
    static MonitorEvent parse(String line) throws MonitorException {
        if (line.length() >= MAX_EVENT) {
            throw new MonitorException("monitor sent a line of " + line.length() + " bytes");
        }
        String[] w = line.split(" ", -1);
        try {
            switch (w[0]) {
                case "hello":
                    expect(w, 4, line);
                    return new MonitorEvent.Hello(intOf(w[1]), intOf(w[2]), longOf(w[3]));
                case "output":
                    expect(w, 5, line);
                    return new MonitorEvent.Output(longOf(w[1]), longOf(w[2]), longOf(w[3]), longOf(w[4]));
                case "run":
                    expect(w, 6, line);
                    return new MonitorEvent.Started(intOf(w[1]), intOf(w[2]), longOf(w[3]), intOf(w[4]), longOf(w[5]));
                case "exit":
                    expect(w, 4, line);
                    return new MonitorEvent.Exited(intOf(w[1]), new ExitStatus(intOf(w[2])), longOf(w[3]));
                case "eof":
                    expect(w, 3, line);
                    return new MonitorEvent.Drained(intOf(w[1]), longOf(w[2]));
                case "stalled":
                    expect(w, 2, line);
                    return new MonitorEvent.Stalled(intOf(w[1]));
                case "resumed":
                    expect(w, 1, line);
                    return new MonitorEvent.Resumed();
                case "ok":
                    expect(w, 2, line);
                    return new MonitorEvent.Reply(word(w[1]), true, "");
                case "refused":
                    expect(w, 3, line);
                    return new MonitorEvent.Reply(word(w[1]), false, word(w[2]));
                case "pong":
                    expect(w, 1, line);
                    return new MonitorEvent.Reply("ping", true, "");
                case "bye":
                    expect(w, 1, line);
                    return new MonitorEvent.Reply("detach", true, "");
                case "error":
                    return new MonitorEvent.ProtocolError(line.length() > 6 ? printable(line.substring(6)) : "");
                default:
                    return new MonitorEvent.Unknown(printable(line));
            }
        } catch (NumberFormatException e) {
            throw new MonitorException("monitor sent a bad number in '" + printable(line) + "'");
        }
    }

    private static void expect(String[] words, int count, String line) throws MonitorException {
        if (words.length != count) {
            throw new MonitorException("monitor sent '" + printable(line) + "': expected " + count + " words");
        }
    }

    /** A decimal of 1 to 19 digits, no sign. */
    static long longOf(String s) {
        if (s.isEmpty() || s.length() > 19) {
            throw new NumberFormatException(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
        }
        return Long.parseLong(s);
    }

    private static int intOf(String s) {
        long v = longOf(s);
        if (v > Integer.MAX_VALUE) {
            throw new NumberFormatException(s);
        }
        return (int) v;
    }

    private static String word(String s) throws MonitorException {
        if (s.isEmpty() || !s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new MonitorException("monitor sent a bad word '" + printable(s) + "'");
        }
        return s;
    }

    /** The text with anything but printable ASCII shown as '?', for messages. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return b.toString();
    }

    static String start(int run) {
        if (run < 1) {
            throw new IllegalArgumentException("run numbers start at 1: " + run);
        }
        return "start " + run;
    }

    static String signal(int signal) {
        return "signal " + checkSignal(signal);
    }

    static String group(int signal) {
        return "group " + checkSignal(signal);
    }

    static String stop(long graceMillis) {
        if (graceMillis < 0 || graceMillis > MAX_GRACE_MILLIS) {
            throw new IllegalArgumentException("grace period out of 0.." + MAX_GRACE_MILLIS + " ms: " + graceMillis);
        }
        return "stop " + graceMillis;
    }

    static String consumed(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("negative seq " + seq);
        }
        return "consumed " + seq;
    }

    private static int checkSignal(int signal) {
        if (signal < 0 || signal > 64) {
            throw new IllegalArgumentException("no signal " + signal);
        }
        return signal;
    }
}
