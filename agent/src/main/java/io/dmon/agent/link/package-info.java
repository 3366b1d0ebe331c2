/**
 * The agent's gRPC session with the coordinators ({@code dmon.v1.AgentService.Session}): one
 * stream at a time, to one address of the list, redialled with jittered exponential backoff
 * (100 ms to 5 s, full jitter) to the next address whenever it ends. Each agent has its own order
 * of the addresses (rendezvous hashing of its name), so a fleet spreads over its coordinators;
 * while away from its first choice, it dials it every 30 s or so and moves back once it answers,
 * replaying the lines not yet acknowledged.
 *
 * <p>On every session: Register (name, labels, version, every job held and its status), then the
 * coordinator's Registered and Assignment are reconciled, JobChanges applied, SignalJobs
 * delivered, LogAcks passed to the spool. The link is the agent's edge: its mappers
 * ({@link io.dmon.agent.link.AssignmentMapper}, {@link io.dmon.agent.link.ReportMapper}) turn the
 * coordinator's jobs into the host's model and the host's observations into messages. Outbound, one thread sends everything (a request stream
 * is not thread-safe): a Heartbeat every second, statuses (coalesced per job) and events from a
 * bounded queue the supervisors feed without waiting, and log lines from the spool, replayed from
 * the first unacknowledged seq of each job and capped in flight per job.
 *
 * <p>Nothing here waits on a supervisor, and nothing a supervisor does waits on this: supervision
 * goes on while every coordinator is away.
 */
package io.dmon.agent.link;
