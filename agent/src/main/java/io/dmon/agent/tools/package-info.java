/**
 * The command-line programs: {@code dlog}, {@code drlog}, {@code dslog} (a {@code main} each, their
 * options read by DMon's own grammar), {@code denv} and {@code dmon}. The log tools'
 * option parsing is shared with the in-process sinks (see {@code io.dmon.agent.output.DlogArgs}
 * and its siblings); this package adds the read loop and signals
 * ({@link io.dmon.agent.tools.LogPump}) and the one-line error reporting.
 *
 * <p>{@link io.dmon.agent.tools.AgentCommand} is {@code dmon-agent}, the only program here that
 * uses gRPC: nothing {@code dmon} or the log tools reach may touch the agent's packages
 * ({@code host}, {@code state}, {@code spool}, {@code link}, {@code node}: they use protobuf or
 * gRPC) or the generated {@code io.dmon.proto.v1} classes, since their
 * launchers leave gRPC and protobuf off the class path ({@code DmonLoadsNoGrpcIT} checks dmon).
 */
package io.dmon.agent.tools;
