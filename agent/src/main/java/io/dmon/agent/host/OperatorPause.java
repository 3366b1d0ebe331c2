package io.dmon.agent.host;

/**
 * An operator's pause as a job's desired state carries it.
 *
 * @param id      names this pause: a new one per pause request, so the same pause sent again is known
 * @param leaseMs 0: until resumed; else the pause ends this long after the agent first saw {@code id}
 * @param by      who asked ({@code USER@HOST}), empty when unknown
 */
public record OperatorPause(String id, long leaseMs, String by) {
}
