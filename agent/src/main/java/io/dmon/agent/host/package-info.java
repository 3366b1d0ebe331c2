/**
 * The jobs of this host: each one a {@link io.dmon.agent.supervise.Supervisor} built exactly as
 * {@code dmon} builds it ({@link io.dmon.agent.host.JobLauncher}), run on a thread of its own
 * ({@link io.dmon.agent.host.HostedJob}), driven towards the desired state the coordinators
 * assign ({@link io.dmon.agent.host.JobHost}), and cleaned up after an agent that died
 * ({@link io.dmon.agent.host.OrphanReaper}). Nothing here touches the network, nor reads the
 * coordinators' messages: the link hands each job over as a {@link io.dmon.agent.host.DesiredJob}.
 *
 * <p>Remote jobs differ from {@code dmon} in three small ways: the default work directory is
 * {@code STATE/jobs/NAME/} and a relative {@code -W} is relative to it; {@code -p} and {@code -n}
 * mean nothing (the agent is the supervisor process); an operator's signal reaches the command
 * whatever {@code -s} says.
 */
package io.dmon.agent.host;
