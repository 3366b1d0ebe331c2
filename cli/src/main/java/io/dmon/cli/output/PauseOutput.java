package io.dmon.cli.output;

import io.dmon.proto.v1.Job;
import io.dmon.proto.v1.Pause;
import java.util.ArrayList;
import java.util.List;

/** The answer of {@code pause}, {@code resume} and {@code rm}: the jobs matched, as stored afterwards. */
public final class PauseOutput {
    private PauseOutput() {
    }

    /** The answer as printed: {@link #json} with {@code --json}, else {@link #text}. */
    public static String of(boolean json, String verb, List<Job> jobs, String lease) {
        return json ? json(jobs) : text(verb, jobs, lease);
    }

    /**
     * {@code paused 3 jobs for 10m: a@h1 b@h1 c@h2} (or {@code resumed 1 job: a@h1}), then for
     * resume one line per job that a gate still holds: {@code still held: b@h1 by gate dbload}.
     *
     * @param verb  {@code paused}, {@code resumed} or {@code removed}
     * @param lease the lease as the operator gave it, or null for none
     */
    public static String text(String verb, List<Job> jobs, String lease) {
        StringBuilder out = new StringBuilder(verb).append(' ').append(jobs.size())
                .append(jobs.size() == 1 ? " job" : " jobs");
        if (lease != null) {
            out.append(" for ").append(lease);
        }
        List<String> ids = new ArrayList<>();
        for (Job job : jobs) {
            ids.add(job.getId());
        }
        if (!ids.isEmpty()) {
            out.append(": ").append(String.join(" ", ids));
        }
        out.append('\n');
        if (verb.equals("resumed")) {
            for (Job job : jobs) {
                if (job.getGatesCount() > 0) {
                    out.append("still held: ").append(job.getId()).append(" by ")
                            .append(GateNames.phrase(job.getGatesList())).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * An array with one object per job: {@code id, name, host, pause} (null when none, else an
     * object: {@code id, since_unix_ms, lease_ms, by}) and {@code gates} (names of the closed
     * gates holding it).
     */
    public static String json(List<Job> jobs) {
        JsonWriter w = new JsonWriter().beginArray();
        for (Job job : jobs) {
            w.beginObject()
                    .name("id").value(job.getId())
                    .name("name").value(job.getName())
                    .name("host").value(job.getHost());
            pause(w.name("pause"), job);
            w.name("gates").values(job.getGatesList());
            w.endObject();
        }
        return w.endArray().toString() + "\n";
    }

    /** A job's pause as JSON: null when none. */
    static void pause(JsonWriter w, Job job) {
        if (!job.hasPause()) {
            w.nullValue();
            return;
        }
        Pause pause = job.getPause();
        w.beginObject()
                .name("id").value(pause.getId())
                .name("since_unix_ms").value(pause.getSinceUnixMs())
                .name("lease_ms").value(pause.getLeaseMs())
                .name("by").value(pause.getBy())
                .endObject();
    }

}
