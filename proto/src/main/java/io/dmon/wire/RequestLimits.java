package io.dmon.wire;

import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.EnvChange;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.JobSpec;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.ListJobsRequest;
import io.dmon.proto.v1.LogsRequest;
import io.dmon.proto.v1.PauseRequest;
import io.dmon.proto.v1.Register;
import io.dmon.proto.v1.RemoveGateRequest;
import io.dmon.proto.v1.RemoveRequest;
import io.dmon.proto.v1.ResumeRequest;
import io.dmon.proto.v1.RunRequest;
import io.dmon.proto.v1.Selector;
import io.dmon.proto.v1.SignalRequest;
import io.dmon.proto.v1.UserSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sizes a request may have, checked by dmonctl before it sends and by every coordinator
 * before it acts: one constant per limit. A request over a limit is refused with one line that
 * names the field and the limit and never repeats the value (a value echoed into an error
 * description became an HTTP/2 trailer too large to send). What each field may contain beyond its
 * size (a job name's characters, a host's) is checked where it is used.
 *
 * <p>Each check returns the first problem found, or empty.
 */
public final class RequestLimits {
    /** Largest gRPC message a coordinator accepts (gRPC's own default, stated here on purpose). */
    public static final int MAX_MESSAGE_BYTES = 4 << 20;
    /** A job spec as serialized: command, log command, environment, paths and users together. */
    public static final int MAX_SPEC_BYTES = 64 << 10;
    /** Words of the command, and of the log command. */
    public static final int MAX_ARGS = 1024;
    /** One word of the command or log command, in UTF-8 bytes. */
    public static final int MAX_ARG_BYTES = 16 << 10;
    /** -E changes of one job. */
    public static final int MAX_ENV = 256;
    /** The name of one -E variable. */
    public static final int MAX_ENV_NAME = 256;
    /** The value of one -E variable, in UTF-8 bytes. */
    public static final int MAX_ENV_VALUE_BYTES = 16 << 10;
    /** A path: -I, -p, -W. */
    public static final int MAX_PATH = 4096;
    /** A user or group name of -u, -U. */
    public static final int MAX_USER = 64;
    /** Supplementary groups of -u, -U. */
    public static final int MAX_GROUPS = 64;
    /** -r limits of one job. */
    public static final int MAX_RESOURCE_LIMITS = 32;
    /** -P marks of one job: one per metric (3 resources, 2 lines, 3 averages). */
    public static final int MAX_PRESSURE_MARKS = 18;
    /** A pressure metric's name ({@code memory.some.avg300} is 18). */
    public static final int MAX_METRIC = 32;
    /** A job's name. */
    public static final int MAX_JOB_NAME = 64;
    /** A host's name (the DNS limit). */
    public static final int MAX_HOST = 253;
    /** A job id, NAME@HOST. */
    public static final int MAX_JOB_ID = MAX_JOB_NAME + 1 + MAX_HOST;
    /** Tags of one job. */
    public static final int MAX_TAGS = 32;
    /** One tag. */
    public static final int MAX_TAG = 64;
    /** Labels in one selector, or of one host. */
    public static final int MAX_LABELS = 32;
    /** A label's name. */
    public static final int MAX_LABEL_KEY = 64;
    /** A label's value. */
    public static final int MAX_LABEL_VALUE = 256;
    /** Hosts named by one run. */
    public static final int MAX_HOSTS = 1000;
    /** Job ids named by one request. */
    public static final int MAX_JOB_IDS = 1000;
    /** A gate's name. */
    public static final int MAX_GATE_NAME = 64;
    /** Who a request claims to come from ({@code USER@HOST}; recorded only over plaintext). */
    public static final int MAX_BY = 256;
    /** An agent's version string. */
    public static final int MAX_VERSION = 64;

    private RequestLimits() {
    }

    public static Optional<String> run(RunRequest r) {
        return first(
                count("hosts", r.getHostsCount(), MAX_HOSTS),
                each("host name", r.getHostsList(), MAX_HOST),
                labels("labels", r.getLabelsMap()),
                chars("job name", r.getName(), MAX_JOB_NAME),
                count("tags", r.getTagsCount(), MAX_TAGS),
                each("tag", r.getTagsList(), MAX_TAG),
                spec(r.getSpec()));
    }

    /** The job spec of a run, or of a job an agent reports back. */
    public static Optional<String> spec(JobSpec s) {
        Optional<String> parts = first(
                count("command words", s.getCommandCount(), MAX_ARGS),
                eachBytes("command word", s.getCommandList(), MAX_ARG_BYTES),
                count("log command words", s.getLogCommandCount(), MAX_ARGS),
                eachBytes("log command word", s.getLogCommandList(), MAX_ARG_BYTES),
                count("environment changes (-E)", s.getEnvironCount(), MAX_ENV),
                environ(s.getEnvironList()),
                chars("info file (-I)", s.getInfoFile(), MAX_PATH),
                chars("pid file (-p)", s.getPidFile(), MAX_PATH),
                chars("work directory (-W)", s.getWorkDir(), MAX_PATH),
                user("command user (-u)", s.getCmdUser()),
                user("log user (-U)", s.getLogUser()),
                count("resource limits (-r)", s.getLimitsCount(), MAX_RESOURCE_LIMITS),
                count("pressure marks (-P)", s.getPressureCount(), MAX_PRESSURE_MARKS),
                each("pressure metric (-P)", s.getPressureList().stream()
                        .map(io.dmon.proto.v1.PressureMark::getMetric).toList(), MAX_METRIC));
        if (parts.isPresent()) {
            return parts;
        }
        return s.getSerializedSize() > MAX_SPEC_BYTES
                ? Optional.of("job spec: larger than " + MAX_SPEC_BYTES + " bytes in all (command, environment, paths)")
                : Optional.empty();
    }

    public static Optional<String> selector(Selector s) {
        return first(
                count("job ids", s.getJobIdsCount(), MAX_JOB_IDS),
                each("job id", s.getJobIdsList(), MAX_JOB_ID),
                chars("host name", s.getHost(), MAX_HOST),
                count("hosts", s.getHostsCount(), MAX_HOSTS),
                each("host name", s.getHostsList(), MAX_HOST),
                chars("tag", s.getTag(), MAX_TAG),
                labels("labels", s.getLabelsMap()));
    }

    public static Optional<String> jobs(JobsRequest r) {
        return first(jobIds(r.getJobIdsList()), selector(r.getSelector()));
    }

    public static Optional<String> listJobs(ListJobsRequest r) {
        return first(jobIds(r.getJobIdsList()), chars("host name", r.getHost(), MAX_HOST), selector(r.getSelector()));
    }

    public static Optional<String> events(EventsRequest r) {
        return selector(r.getSelector());
    }

    public static Optional<String> logs(LogsRequest r) {
        return first(jobIds(r.getJobIdsList()), chars("host name", r.getHost(), MAX_HOST));
    }

    public static Optional<String> signal(SignalRequest r) {
        return first(chars("job id", r.getJobId(), MAX_JOB_ID), selector(r.getSelector()));
    }

    public static Optional<String> pause(PauseRequest r) {
        return first(selector(r.getSelector()), chars("by", r.getBy(), MAX_BY));
    }

    public static Optional<String> resume(ResumeRequest r) {
        return first(selector(r.getSelector()), chars("by", r.getBy(), MAX_BY));
    }

    public static Optional<String> remove(RemoveRequest r) {
        return first(selector(r.getSelector()), chars("by", r.getBy(), MAX_BY));
    }

    public static Optional<String> addGate(AddGateRequest r) {
        Gate g = r.getGate();
        return first(
                chars("gate name", g.getName(), MAX_GATE_NAME),
                chars("watched host", g.getWatchHost(), MAX_HOST),
                chars("metric", g.getMetric(), MAX_METRIC),
                labels("watch labels", g.getWatchLabelsMap()),
                selector(g.getSelector()),
                chars("by", r.getBy(), MAX_BY));
    }

    public static Optional<String> removeGate(RemoveGateRequest r) {
        return first(chars("gate name", r.getName(), MAX_GATE_NAME), chars("by", r.getBy(), MAX_BY));
    }

    /** An agent's register: its name, labels and version (its jobs are checked one by one where learned). */
    public static Optional<String> register(Register r) {
        return first(
                chars("host name", r.getName(), MAX_HOST),
                labels("labels", r.getLabelsMap()),
                chars("version", r.getVersion(), MAX_VERSION));
    }

    private static Optional<String> jobIds(List<String> ids) {
        return first(count("job ids", ids.size(), MAX_JOB_IDS), each("job id", ids, MAX_JOB_ID));
    }

    private static Optional<String> labels(String what, Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            return over(what, "more than " + MAX_LABELS + " labels");
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().length() > MAX_LABEL_KEY) {
                return over(what, "a label name longer than " + MAX_LABEL_KEY + " characters");
            }
            if (e.getValue().length() > MAX_LABEL_VALUE) {
                return over(what, "a label value longer than " + MAX_LABEL_VALUE + " characters");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> environ(List<EnvChange> changes) {
        for (int i = 0; i < changes.size(); i++) {
            EnvChange change = changes.get(i);
            if (change.getName().length() > MAX_ENV_NAME) {
                return Optional.of("environment change " + (i + 1) + " (-E): name longer than " + MAX_ENV_NAME
                        + " characters");
            }
            if (utf8Length(change.getValue()) > MAX_ENV_VALUE_BYTES) {
                return Optional.of("environment change " + (i + 1) + " (-E): value longer than "
                        + MAX_ENV_VALUE_BYTES + " bytes");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> user(String what, UserSpec user) {
        return first(
                chars(what, user.getUser(), MAX_USER),
                count(what + " groups", user.getGroupsCount(), MAX_GROUPS),
                each(what + " group", user.getGroupsList(), MAX_USER));
    }

    private static Optional<String> count(String what, int count, int max) {
        return count > max ? over(what, "more than " + max) : Optional.empty();
    }

    private static Optional<String> chars(String what, String value, int max) {
        return value.length() > max ? over(what, "longer than " + max + " characters") : Optional.empty();
    }

    private static Optional<String> each(String what, List<String> values, int max) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).length() > max) {
                return over(what + " " + (i + 1), "longer than " + max + " characters");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> eachBytes(String what, List<String> values, int max) {
        for (int i = 0; i < values.size(); i++) {
            if (utf8Length(values.get(i)) > max) {
                return over(what + " " + (i + 1), "longer than " + max + " bytes");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> over(String what, String limit) {
        return Optional.of(what + ": " + limit);
    }

    @SafeVarargs
    private static Optional<String> first(Optional<String>... checks) {
        for (Optional<String> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    /** UTF-8 length without encoding: arguments and values are bounded in bytes, as the kernel counts them. */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
