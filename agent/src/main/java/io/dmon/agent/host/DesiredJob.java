package io.dmon.agent.host;

import io.dmon.spec.JobSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the coordinators want of one job on this host, as the host works with it: the link makes
 * one of every job it receives (and the agent of every job of its saved assignment), so nothing
 * here reads the wire.
 *
 * <p>A spec this agent cannot read still makes a desired job, with the reason instead of the spec:
 * the job is held, reported, saved and registered like any other, and ends FAILED with that reason
 * each time a generation of it is due (as when the spec was read at the start of each run).
 *
 * @param id         NAME@HOST
 * @param generation bumped by each restart: a higher one makes the host start the job anew
 * @param stopped    desired stopped; anything else (running, or unspecified) is desired running
 * @param pause      the operator's pause, null when none
 * @param gates      the closed fleet gates holding the job, sorted by name
 * @param once       the spec's {@code -1}, read even when the rest of the spec cannot be: a -1
 *                   generation's record says it began before anything of it is tried
 * @param spec       the job's spec, null when this agent cannot read it
 * @param unreadable why the spec cannot be read; empty when it can
 * @param created    the coordinator's creation time of the job (0: not known): a job removed and
 *                   run again under the same id is another job, told apart by it
 * @param sent       the job exactly as the coordinator sent it (its wire encoding), never read
 *                   here: it goes back unchanged in the agent's Register and into the saved
 *                   assignment, the fields this model leaves out (and any this agent does not
 *                   know) included, so a coordinator that learns the job back from the agent
 *                   gets what it had. Copied in and out: nothing changes it
 */
public record DesiredJob(String id, long generation, boolean stopped, OperatorPause pause, List<String> gates,
                         boolean once, JobSpec spec, String unreadable, long created, byte[] sent) {
    public DesiredJob {
        Objects.requireNonNull(id, "id");
        gates = List.copyOf(gates);
        if ((spec == null) == unreadable.isEmpty()) {
            throw new IllegalArgumentException("a desired job has either a spec or the reason it has none");
        }
        sent = sent.clone();
    }

    @Override
    public byte[] sent() {
        return sent.clone();
    }

    /** Equal when every field is, the bytes as sent by their content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DesiredJob d && generation == d.generation && stopped == d.stopped && once == d.once
                && created == d.created && id.equals(d.id) && Objects.equals(pause, d.pause) && gates.equals(d.gates)
                && Objects.equals(spec, d.spec) && unreadable.equals(d.unreadable) && Arrays.equals(sent, d.sent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, generation, stopped, pause, gates, once, spec, unreadable, created, Arrays.hashCode(sent));
    }

    /** Whether {@code other} is another job of the same id (one was removed and the other run after). */
    public boolean otherIncarnation(DesiredJob other) {
        return created != 0 && other.created != 0 && created != other.created;
    }

    @Override
    public String toString() {
        return "DesiredJob[" + id + " generation " + generation + (stopped ? " stopped" : " running")
                + (pause == null ? "" : " " + pause) + (gates.isEmpty() ? "" : " gates " + gates)
                + (once ? " once" : "") + (spec == null ? " unreadable: " + unreadable : "") + "]";
    }
}
