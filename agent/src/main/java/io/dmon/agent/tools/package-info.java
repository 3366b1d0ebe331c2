/**
 * The command-line programs: {@code dlog}, {@code drlog}, {@code dslog} (a {@code main} each, their
 * options read by DMon's own grammar), {@code denv} and {@code dmon}. The log tools'
 * option parsing is shared with the in-process sinks (see {@code io.dmon.agent.output.DlogArgs}
 * and its siblings); this package adds the read loop and signals
 * ({@link io.dmon.agent.tools.LogPump}) and the one-line error reporting.
 */
package io.dmon.agent.tools;
