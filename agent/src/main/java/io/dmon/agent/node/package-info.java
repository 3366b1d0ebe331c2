/**
 * {@code dmon-agent} assembled: {@link io.dmon.agent.node.AgentNode} wires the state directory,
 * the orphan reaper, the spools, the job host and the link from one
 * {@link io.dmon.agent.node.AgentConfig}, and owns their lifecycle.
 */
package io.dmon.agent.node;
