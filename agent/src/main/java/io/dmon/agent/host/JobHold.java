package io.dmon.agent.host;

/**
 * One reason a job is held, as reported.
 *
 * @param reason      "manual", "load", "pressure METRIC" or "gate NAME"
 * @param sinceUnixMs the agent's clock when the hold began
 * @param untilUnixMs when a manual pause's lease ends, by the agent's clock; 0 when none
 */
public record JobHold(String reason, long sinceUnixMs, long untilUnixMs) {
}
