package io.dmon.cli.output;

import io.dmon.proto.v1.Hold;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.JobState;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.PressureMark;
import io.dmon.spec.PressureMetric;
import io.dmon.spec.SpecException;
import io.dmon.wire.PressureFigures;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Why a job is held, for {@code ps}'s WHY column: the holds its agent applies, each with how
 * long it has held and, for a manual lease, when it ends:
 * {@code manual pause since 12:27:00, 3m12s, until 12:30:05}, {@code load 5.20 > 4.0 for 6s},
 * {@code pressure io.some.avg10 52.40 > 40.0 for 8s}, {@code gate dbload for 45s}. When the job's desired state
 * holds it but its agent has not reported the hold yet: {@code pending: manual, gate dbload}.
 * When its host is DOWN, what is known instead: {@code host DOWN since 12:00:01, was RUNNING}.
 */
public final class HoldText {
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** How an agent names a hold by the job's own -P: {@code pressure io.some.avg10}. */
    private static final String PRESSURE_HOLD = "pressure ";
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private HoldText() {
    }

    /** The text, or {@code -} when nothing holds the job nor is asked to; a load or pressure hold without its figure. */
    public static String why(JobView view, long nowMillis, ZoneId zone) {
        return why(view, nowMillis, zone, Map.of());
    }

    /**
     * The text, or {@code -} when nothing holds the job nor is asked to.
     *
     * @param hosts the hosts by name as last heard, for the figure beside a hold by the job's own
     *              -L (the 1-minute load) or -P (the pressure it watches)
     */
    public static String why(JobView view, long nowMillis, ZoneId zone, Map<String, HostView> hosts) {
        if (view.getHostDown()) {
            return hostDown(view, nowMillis, zone);
        }
        if (view.getStatus().getState() == JobState.REFUSED) {
            String refusal = view.getStatus().getRefusal();
            return "refused: " + (refusal.isEmpty() ? "?" : refusal);
        }
        List<Hold> holds = view.getStatus().getHoldsList();
        if (!holds.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Hold hold : holds) {
                parts.add(hold(hold, view, hosts.get(view.getJob().getHost()), nowMillis, zone));
            }
            return String.join(", ", parts);
        }
        List<String> asked = asked(view.getJob(), nowMillis);
        return asked.isEmpty() ? "-" : "pending: " + String.join(", ", asked);
    }

    /** {@code host DOWN since 12:00:01, was RUNNING}: what is known of a job whose agent is silent. */
    private static String hostDown(JobView view, long nowMillis, ZoneId zone) {
        StringBuilder text = new StringBuilder("host DOWN");
        if (view.getHostLastSeenUnixMs() > 0) {
            text.append(" since ").append(timeOfDay(view.getHostLastSeenUnixMs(), nowMillis, zone));
        }
        return text.append(", was ").append(JobViews.lastState(view)).toString();
    }

    private static String hold(Hold hold, JobView view, HostView host, long nowMillis, ZoneId zone) {
        String reason = hold.getReason().isEmpty() ? "?" : hold.getReason();
        StringBuilder text = new StringBuilder(reason);
        long held = (nowMillis - hold.getSinceUnixMs()) / 1000;
        if (reason.equals("manual") && hold.getSinceUnixMs() > 0) {
            text.append(" pause since ").append(timeOfDay(hold.getSinceUnixMs(), nowMillis, zone)).append(", ")
                    .append(HumanDuration.format(held));
            if (hold.getUntilUnixMs() > 0) {
                text.append(", until ").append(timeOfDay(hold.getUntilUnixMs(), nowMillis, zone));
            }
            return text.toString();
        }
        if (reason.equals("load")) {
            Double load = host == null ? null : host.getLoad1();
            text.append(markText(view.getJob().getSpec().getLoadHigh(), view.getJob().getSpec().getLoadLow(), load));
        } else if (reason.startsWith(PRESSURE_HOLD)) {
            text.append(pressureText(reason.substring(PRESSURE_HOLD.length()), view.getJob().getSpec(), host));
        }
        if (hold.getSinceUnixMs() > 0) {
            text.append(" for ").append(HumanDuration.format(held));
        }
        if (hold.getUntilUnixMs() > 0) {
            text.append(" (until ").append(timeOfDay(hold.getUntilUnixMs(), nowMillis, zone)).append(')');
        }
        return text.toString();
    }

    /**
     * {@code  5.20 > 4.0} while the figure is above the job's high mark (-L, or a -P's);
     * {@code  3.10, not yet <= 2.0} once below it but not down to its low mark; nothing when the
     * host's figure is not known.
     */
    private static String markText(double high, double low, Double figure) {
        if (figure == null || high <= 0) {
            return "";
        }
        String now = String.format(Locale.ROOT, " %.2f", figure);
        return figure > high ? now + " > " + high : now + ", not yet <= " + low;
    }

    /** The host's figure for the job's own -P on {@code metricName}, against that -P's marks. */
    private static String pressureText(String metricName, JobSpec spec, HostView host) {
        if (host == null || !host.hasPressure()) {
            return "";
        }
        for (PressureMark mark : spec.getPressureList()) {
            if (mark.getMetric().equals(metricName)) {
                try {
                    OptionalDouble figure = PressureFigures.read(host.getPressure(), PressureMetric.parse(metricName));
                    return figure.isPresent() ? markText(mark.getHigh(), mark.getLow(), figure.getAsDouble()) : "";
                } catch (SpecException e) {
                    return "";
                }
            }
        }
        return "";
    }

    /** The holds the job's desired state asks for; a manual lease already over by our clock is left out. */
    private static List<String> asked(Job job, long nowMillis) {
        List<String> asked = new ArrayList<>();
        if (job.hasPause()) {
            long lease = job.getPause().getLeaseMs();
            if (lease <= 0 || job.getPause().getSinceUnixMs() + lease > nowMillis) {
                asked.add("manual");
            }
        }
        for (String gate : job.getGatesList()) {
            asked.add("gate " + gate);
        }
        return asked;
    }

    /** {@code 12:30:05} today, {@code 2027-01-16 12:30} on another day, in {@code zone}. */
    static String timeOfDay(long unixMs, long nowMillis, ZoneId zone) {
        ZonedDateTime at = Instant.ofEpochMilli(unixMs).atZone(zone);
        ZonedDateTime now = Instant.ofEpochMilli(nowMillis).atZone(zone);
        return at.toLocalDate().equals(now.toLocalDate()) ? TIME_OF_DAY.format(at) : DAY_AND_TIME.format(at);
    }
}
