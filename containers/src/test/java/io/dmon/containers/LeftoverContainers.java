package io.dmon.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which bench containers a starting run may remove. Several runs share one Docker engine (other
 * checkouts, other engineers' suites): a run removes only the containers whose run has ended, never
 * another live run's.
 *
 * <p>The rule: every container carries the owner label, the pid and start time of the JVM that
 * created it. A container is a leftover when that JVM no longer runs (no process has that pid, or
 * the one that has it started at another time: the pid was reused). A container without the owner
 * label (made before the label existed) is a leftover once it is older than {@link #UNOWNED_AGE},
 * longer than any suite runs.
 */
final class LeftoverContainers {
    /** The JVM that made the container, {@code PID@START_EPOCH_MILLIS}. */
    static final String OWNER = BenchContainers.LABEL + ".owner";
    static final Duration UNOWNED_AGE = Duration.ofHours(1);

    private LeftoverContainers() {
    }

    /** This JVM as an owner label's value. */
    static String self() {
        return owner(ProcessHandle.current()).orElseThrow(
                () -> new IllegalStateException("this JVM's start time is not known: its containers could not be told apart"));
    }

    /** {@code PID@START_EPOCH_MILLIS} of {@code p}; empty when Linux does not tell its start time. */
    static Optional<String> owner(ProcessHandle p) {
        return p.info().startInstant().map(start -> p.pid() + "@" + start.toEpochMilli());
    }

    /** True when the process an owner label names still runs. A malformed label names none. */
    static boolean running(String owner) {
        int at = owner.indexOf('@');
        if (at <= 0) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(owner.substring(0, at));
        } catch (NumberFormatException e) {
            return false;
        }
        return ProcessHandle.of(pid).flatMap(LeftoverContainers::owner).filter(owner::equals).isPresent();
    }

    /** The rule of this class's comment, for one container's labels and creation time. */
    static boolean isLeftover(Map<String, String> labels, Instant created, Instant now, Predicate<String> running) {
        String owner = labels == null ? null : labels.get(OWNER);
        if (owner != null) {
            return !running.test(owner);
        }
        return created.plus(UNOWNED_AGE).isBefore(now);
    }

    /** Removes the bench's leftover containers (with their volumes); returns their ids. */
    static List<String> remove(DockerClient docker) {
        Instant now = Instant.now();
        List<Container> bench = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(BenchContainers.LABEL)).exec();
        List<String> removed = bench.stream()
                .filter(c -> isLeftover(c.getLabels(), Instant.ofEpochSecond(c.getCreated()), now,
                        LeftoverContainers::running))
                .map(Container::getId).toList();
        for (String id : removed) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                // Another run removed it first.
            }
        }
        return removed;
    }
}
