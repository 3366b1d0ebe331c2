package io.dmon.cli.output;

import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.JobState;
import java.time.Instant;
import java.util.Locale;

/**
 * One event as one JSON object on one line, for {@code events --json} (a stream a program can
 * read line by line while following): {@code time, unix_ms, job_id} (null for a gate's own
 * event), {@code host, gate} (null when none), {@code role, kind} (lower case), {@code what} (as
 * {@link EventLine} says it), {@code pid, value, run, state} (null where none), {@code cause}.
 */
public final class EventJson {
    private EventJson() {
    }

    public static String render(JobEvent e) {
        JsonWriter w = new JsonWriter().beginObject()
                .name("time").value(Instant.ofEpochMilli(e.getUnixMs()).toString())
                .name("unix_ms").value(e.getUnixMs());
        orNull(w.name("job_id"), e.getJobId());
        orNull(w.name("host"), e.getHost());
        orNull(w.name("gate"), e.getGate());
        w.name("role").value(e.getRole() == JobEvent.Role.LOG ? "log" : "cmd")
                .name("kind").value(e.getKind().name().toLowerCase(Locale.ROOT))
                .name("what").value(EventLine.what(e))
                .name("pid").value(e.getPid())
                .name("value").value(e.getValue())
                .name("run").value(e.getRun());
        orNull(w.name("state"), e.getState() == JobState.JOB_STATE_UNSPECIFIED ? "" : JobViews.stateName(e.getState()));
        orNull(w.name("cause"), e.getCause());
        // The writer starts each member of a top-level object on a line; strings are escaped, so
        // every newline is one of those and the object becomes one line without them.
        return w.endObject().toString().replace("\n", "");
    }

    private static void orNull(JsonWriter w, String value) {
        if (value.isEmpty()) {
            w.nullValue();
        } else {
            w.value(value);
        }
    }
}
