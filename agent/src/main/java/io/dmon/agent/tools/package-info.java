/**
 * The command-line programs: {@code dlog}, {@code drlog}, {@code dslog} (picocli commands with a
 * {@code main} each). Option parsing is shared with the in-process sinks (see
 * {@code io.dmon.agent.output.ToolArgs}); this package adds the read loop and signals
 * ({@link io.dmon.agent.tools.LogPump}) and the one-line error reporting.
 */
package io.dmon.agent.tools;
