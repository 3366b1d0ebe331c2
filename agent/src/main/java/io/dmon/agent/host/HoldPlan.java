package io.dmon.agent.host;

import io.dmon.agent.supervise.Supervisor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A job's holds as its desired state asks for them ("manual" while the operator's pause holds,
 * "gate NAME" for each closed fleet gate), what the live supervisor was last sent (so only
 * changes go out, and a new supervisor gets them all before it starts), and since when each
 * hold of the job has held, for its status. Not thread-safe: the owner guards it.
 */
final class HoldPlan {
    static final String MANUAL = "manual";
    static final String GATE = "gate ";

    private Set<String> sent = Set.of();
    private final Map<String, Long> since = new HashMap<>();

    /**
     * The holds a job's desired state asks for: {@code gates}, the closed fleet gates it names;
     * {@code manual}, its pause holds (set, lease not ended).
     */
    static SortedSet<String> wanted(List<String> gates, boolean manual) {
        SortedSet<String> holds = new TreeSet<>();
        if (manual) {
            holds.add(MANUAL);
        }
        gates.forEach(gate -> holds.add(GATE + gate));
        return holds;
    }

    /** A new supervisor: it holds nothing of ours yet. */
    void newSupervisor() {
        sent = Set.of();
    }

    /** Sends {@code supervisor} the holds added or removed since the last call. */
    void send(Supervisor supervisor, Set<String> wanted) {
        for (String reason : sent) {
            if (!wanted.contains(reason)) {
                supervisor.setHold(reason, false);
            }
        }
        for (String reason : wanted) {
            if (!sent.contains(reason)) {
                supervisor.setHold(reason, true);
            }
        }
        sent = Set.copyOf(wanted);
    }

    /**
     * The holds in force, sorted by reason, each with since when it holds (the first time it was
     * seen in a row of calls, the lease's first sighting for "manual") and a manual lease's end.
     *
     * @param wanted     what the desired state asks for
     * @param ownHolds   the supervisor's own holds ("load", "pressure METRIC"), as it last reported them
     */
    List<JobHold> inForce(Set<String> wanted, Set<String> ownHolds, PauseLease lease, long nowMs) {
        SortedSet<String> all = new TreeSet<>(wanted);
        ownHolds.stream().filter(Supervisor::ownHold).forEach(all::add);
        since.keySet().retainAll(all);
        List<JobHold> holds = new ArrayList<>(all.size());
        for (String reason : all) {
            long began = since.computeIfAbsent(reason, r -> nowMs);
            if (reason.equals(MANUAL)) {
                holds.add(new JobHold(reason, lease.sinceUnixMs(), lease.untilUnixMs()));
            } else {
                holds.add(new JobHold(reason, began, 0));
            }
        }
        return Collections.unmodifiableList(holds);
    }
}
