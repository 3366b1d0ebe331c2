package io.dmon.cli.output;

import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One event as one line: {@code TIME SUBJECT WHAT (STATE[, CAUSE])}. TIME is ISO-8601 UTC with
 * milliseconds; SUBJECT is the job, or {@code gate NAME} for a gate's own change.
 *
 * <p>For what an agent saw, WHAT is DMon's status line ({@code cmd start 4242},
 * {@code cmd exit 4242 256}, {@code log stop 4243}; the exit value is the raw waitpid status, as
 * in DMon's {@code -I} file), {@code cmd lost 4242} for a run that ended unseen with its monitor,
 * {@code state} for a change that DMon has no line for,
 * {@code lease expired} or {@code spool full, N lines dropped}. For a coordinator's decision it is
 * {@code pause requested}, {@code resume requested}, or a gate's {@code added}, {@code removed},
 * {@code closed}, {@code opened}; STATE is left out where the event carries none. CAUSE says who
 * or what: {@code manual by alice@ops1 for 10m}, {@code db1 load1 6.20 > high 4.00},
 * {@code gate dbload}.
 */
public final class EventLine {
    private EventLine() {
    }

    public static String render(JobEvent e) {
        StringBuilder line = new StringBuilder()
                .append(time(e.getUnixMs())).append(' ')
                .append(subject(e)).append(' ')
                .append(what(e));
        List<String> after = new ArrayList<>();
        if (!decision(e.getKind()) && e.getKind() != JobEvent.Kind.SPOOL_OVERFLOW
                && e.getKind() != JobEvent.Kind.SESSION_REFUSED
                || e.getState() != JobState.JOB_STATE_UNSPECIFIED) {
            after.add(JobViews.stateName(e.getState()));
        }
        String cause = cause(e);
        if (!cause.isEmpty()) {
            after.add(cause);
        }
        if (!after.isEmpty()) {
            line.append(" (").append(String.join(", ", after)).append(')');
        }
        return line.toString();
    }

    static String what(JobEvent e) {
        String who = e.getRole() == JobEvent.Role.LOG ? "log" : "cmd";
        String kind = e.getKind().name().toLowerCase(Locale.ROOT);
        return switch (e.getKind()) {
            case EXIT, SIGNAL -> who + " " + kind + " " + e.getPid() + " " + e.getValue();
            case START, STOP, TIMEOUT, PAUSE, RESUME, LOST -> who + " " + kind + " " + e.getPid();
            case PAUSE_REQUESTED -> "pause requested";
            case RESUME_REQUESTED -> "resume requested";
            case GATE_ADDED, GATE_REMOVED, GATE_CLOSED, GATE_OPENED -> gateWhat(e);
            case LEASE_EXPIRED -> "lease expired";
            case SESSION_REFUSED -> "session refused";
            case REMOVED -> "removed";
            case STORAGE_FAILED -> "storage failed";
            case STORAGE_RECOVERED -> "storage recovered";
            // The agent's cause says how full, how many and which seqs; without one, the count.
            case SPOOL_OVERFLOW -> e.getCause().isEmpty()
                    ? "spool full, " + e.getValue() + (e.getValue() == 1 ? " line" : " lines") + " dropped"
                    : "spool overflow";
            default -> "state";
        };
    }

    /** The job, or for an event about no job the gate or host it is about. */
    private static String subject(JobEvent e) {
        if (!e.getJobId().isEmpty()) {
            return e.getJobId();
        }
        if (!e.getGate().isEmpty()) {
            return "gate " + e.getGate();
        }
        return e.getHost().isEmpty() ? "-" : "host " + e.getHost();
    }

    private static String gateWhat(JobEvent e) {
        String verb = switch (e.getKind()) {
            case GATE_ADDED -> "added";
            case GATE_REMOVED -> "removed";
            case GATE_CLOSED -> "closed";
            default -> "opened";
        };
        // With a job as subject the gate still has to be named.
        return e.getJobId().isEmpty() ? verb : "gate " + e.getGate() + " " + verb;
    }

    /** The event's cause, naming the gate it carries when the cause does not already say it. */
    private static String cause(JobEvent e) {
        String cause = e.getCause();
        if (e.getGate().isEmpty() || gateKind(e.getKind()) || cause.contains("gate " + e.getGate())) {
            return cause;
        }
        String gate = "gate " + e.getGate();
        return cause.isEmpty() ? gate : cause + ", " + gate;
    }

    /** A coordinator's decision: it carries no job state unless the coordinator set one. */
    private static boolean decision(JobEvent.Kind kind) {
        return kind == JobEvent.Kind.PAUSE_REQUESTED || kind == JobEvent.Kind.RESUME_REQUESTED || gateKind(kind)
                || kind == JobEvent.Kind.REMOVED || kind == JobEvent.Kind.STORAGE_FAILED
                || kind == JobEvent.Kind.STORAGE_RECOVERED;
    }

    private static boolean gateKind(JobEvent.Kind kind) {
        return kind == JobEvent.Kind.GATE_ADDED || kind == JobEvent.Kind.GATE_REMOVED
                || kind == JobEvent.Kind.GATE_CLOSED || kind == JobEvent.Kind.GATE_OPENED;
    }

    private static String time(long unixMs) {
        // Always three fraction digits, so that the columns after the time line up.
        String iso = Instant.ofEpochMilli(unixMs).toString();
        if (unixMs % 1000 == 0) {
            return iso.substring(0, iso.length() - 1) + ".000Z";
        }
        return iso;
    }
}
