package io.dmon.cli.output;

import io.dmon.proto.v1.JobEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's last runs as its events tell them: each START opens a run, the EXIT (or LOST) of the
 * same run ends it. Only what the coordinator's event ring still holds is known.
 */
public final class RunHistory {
    /** The {@code rawStatus} of a run lost with its monitor (its status unknown). */
    public static final int LOST = -2;

    /** One run; {@code endUnixMs} 0 and {@code rawStatus} -1 while it lasts (or its end was not seen). */
    public record Run(int run, int pid, long startUnixMs, long endUnixMs, int rawStatus) {
        /** {@code exit 1}, {@code signal 9}, {@code lost}, or {@code running}. */
        public String result() {
            return endUnixMs == 0 ? "running" : rawStatus == LOST ? "lost" : WaitStatus.describe(rawStatus);
        }
    }

    private RunHistory() {
    }

    /** The last {@code max} runs, newest first. */
    public static List<Run> of(List<JobEvent> events, int max) {
        Map<Integer, Run> runs = new LinkedHashMap<>();
        for (JobEvent e : events) {
            if (e.getRole() != JobEvent.Role.CMD) {
                continue;
            }
            if (e.getKind() == JobEvent.Kind.START) {
                runs.put(e.getRun(), new Run(e.getRun(), e.getPid(), e.getUnixMs(), 0, -1));
            } else if (e.getKind() == JobEvent.Kind.EXIT || e.getKind() == JobEvent.Kind.LOST) {
                Run started = runs.get(e.getRun());
                runs.put(e.getRun(), new Run(e.getRun(), e.getPid(), started == null ? 0 : started.startUnixMs(),
                        e.getUnixMs(), e.getKind() == JobEvent.Kind.LOST ? LOST : e.getValue()));
            }
        }
        List<Run> newestFirst = new ArrayList<>(runs.values());
        newestFirst.sort((a, b) -> Integer.compare(b.run(), a.run()));
        return newestFirst.subList(0, Math.min(max, newestFirst.size()));
    }
}
