package io.dmon.cli.output;

import io.dmon.proto.v1.JobEvent;
import java.time.Instant;
import java.util.Locale;

/**
 * One job event as one line: {@code TIME JOB WHAT (STATE[, CAUSE])}, where WHAT is DMon's status
 * line for it ({@code cmd start 4242}, {@code cmd exit 4242 256}, {@code log stop 4243}; the exit
 * value is the raw waitpid status, as in DMon's {@code -I} file) or {@code state} for a change
 * that DMon has no line for. TIME is ISO-8601 UTC with milliseconds.
 */
public final class EventLine {
    private EventLine() {
    }

    public static String render(JobEvent e) {
        StringBuilder line = new StringBuilder()
                .append(time(e.getUnixMs())).append(' ')
                .append(e.getJobId()).append(' ')
                .append(what(e))
                .append(" (").append(JobViews.stateName(e.getState()));
        if (!e.getCause().isEmpty()) {
            line.append(", ").append(e.getCause());
        }
        return line.append(')').toString();
    }

    static String what(JobEvent e) {
        if (e.getKind() == JobEvent.Kind.STATE || e.getKind() == JobEvent.Kind.KIND_UNSPECIFIED
                || e.getKind() == JobEvent.Kind.UNRECOGNIZED) {
            return "state";
        }
        String who = e.getRole() == JobEvent.Role.LOG ? "log" : "cmd";
        String kind = e.getKind().name().toLowerCase(Locale.ROOT);
        return switch (e.getKind()) {
            case EXIT, SIGNAL -> who + " " + kind + " " + e.getPid() + " " + e.getValue();
            default -> who + " " + kind + " " + e.getPid();
        };
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
