package io.dmon.cli.output;

import io.dmon.proto.v1.EnvChange;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.PressureMark;
import io.dmon.proto.v1.ResourceLimit;
import io.dmon.proto.v1.UserSpec;
import io.dmon.spec.PressureMetric;
import io.dmon.spec.SpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's dmon options as an operator would have typed them ({@code -1 -L 4.0 -l 2.0 -t 1h}), in
 * dmon's order, from the spec the coordinator keeps: what {@code status} and {@code ps -o wide}
 * show. Defaults are left out; times are written with dmon's suffixes (90, 5m, 1h, 2d).
 */
public final class DmonOptions {
    private DmonOptions() {
    }

    /** The options as words; empty when the job runs with dmon's defaults. */
    public static List<String> words(JobSpec spec) {
        List<String> w = new ArrayList<>();
        text(w, "-I", spec.getInfoFile());
        text(w, "-p", spec.getPidFile());
        text(w, "-W", spec.getWorkDir());
        if (spec.getIntervalSeconds() > 0) {
            w.add("-i");
            w.add(seconds(spec.getIntervalSeconds()));
        }
        if (spec.getTimeoutSeconds() > 0) {
            w.add("-t");
            w.add(seconds(spec.getTimeoutSeconds()));
        }
        if (spec.getLoadHigh() > 0) {
            w.add("-L");
            w.add(Double.toString(spec.getLoadHigh()));
            w.add("-l");
            w.add(Double.toString(spec.getLoadLow()));
        }
        for (PressureMark mark : spec.getPressureList()) {
            w.add("-P");
            w.add(pressure(mark));
        }
        for (EnvChange change : spec.getEnvironList()) {
            w.add("-E");
            w.add(change.hasValue() ? change.getName() + "=" + change.getValue() : change.getName());
        }
        user(w, "-u", spec.hasCmdUser() ? spec.getCmdUser() : null);
        user(w, "-U", spec.hasLogUser() ? spec.getLogUser() : null);
        flag(w, "-n", spec.getNoDaemon());
        flag(w, "-1", spec.getOnce());
        if (spec.getMaxRespawns() >= 0) {
            w.add("-m");
            w.add(Integer.toString(spec.getMaxRespawns()));
        }
        flag(w, "-e", spec.getStderrRedir());
        flag(w, "-s", spec.getCmdSigs());
        flag(w, "-S", spec.getLogSigs());
        for (ResourceLimit limit : spec.getLimitsList()) {
            w.add("-r");
            w.add(limit.getName() + "=" + limit.getValue());
        }
        return w;
    }

    /** {@code io=40/20}, {@code cpu:full:avg60=10/5}: as -P takes it back, defaults left out. */
    static String pressure(PressureMark mark) {
        try {
            return new io.dmon.spec.PressureMark(PressureMetric.parse(mark.getMetric()), mark.getHigh(), mark.getLow())
                    .text();
        } catch (SpecException | IllegalArgumentException e) {
            // Not a mark this dmonctl knows (a newer coordinator's): shown as stored.
            return mark.getMetric() + "=" + mark.getHigh() + "/" + mark.getLow();
        }
    }

    /** The options as one line, quoted where a word needs it; {@code -} when there are none. */
    public static String text(JobSpec spec) {
        List<String> words = words(spec);
        return words.isEmpty() ? "-" : CommandText.join(words);
    }

    /** 90, 5m, 1h, 2d: the largest of dmon's suffixes that divides the value. */
    static String seconds(long s) {
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return Long.toString(s);
    }

    private static void text(List<String> w, String option, String value) {
        if (!value.isEmpty()) {
            w.add(option);
            w.add(value);
        }
    }

    private static void flag(List<String> w, String option, boolean on) {
        if (on) {
            w.add(option);
        }
    }

    private static void user(List<String> w, String option, UserSpec user) {
        if (user != null && !user.getUser().isEmpty()) {
            w.add(option);
            w.add(user.getGroupsCount() == 0 ? user.getUser() : user.getUser() + ":" + String.join(":", user.getGroupsList()));
        }
    }
}
