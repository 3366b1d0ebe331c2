/**
 * Where a job's output lines go: the {@link io.dmon.agent.output.LineSink} contract, the
 * {@link io.dmon.agent.output.LineSplitter} that cuts a byte stream into whole lines, and the
 * sinks of DMon's log tools, usable in-process through
 * {@link io.dmon.agent.output.InProcessLogTools} with the same bytes as the programs.
 *
 * <p>Formats, as in DMon 0.6 (dlog.c, drlog.c, dslog.c) unless said otherwise:
 *
 * <ul>
 *   <li>dlog: {@code [YYYY-mm-dd/HH:MM:SS ][PREFIX ]LINE\n}, UTC, file mode 0666 before umask.
 *   <li>drlog: {@code DIR/current}, rotated to {@code DIR/log-YYYY-mm-dd-HH:MM:SS} (UTC time of the
 *       rotation) plus, for the 2nd and later rotation within one second, {@code .000001},
 *       {@code .000002}...; {@code DIR/.timestamp} holds {@code <epoch seconds>\n}; files 0640,
 *       DIR 0750; the same line prefix as dlog's {@code -t}, no {@code -p}.
 *   <li>dslog: one datagram per line, {@code <PRI>Mmm dd HH:MM:SS NAME: LINE} (glibc syslog(3)
 *       to {@code /dev/log}: local time, no host name, no newline); console fallback
 *       {@code NAME: LINE\r\n}.
 * </ul>
 *
 * <p>Where we differ from DMon, on purpose: a last line without a newline is kept and terminated
 * (dlog and dslog drop it, drlog writes it unterminated); durable mode syncs once per batch of
 * lines instead of once per line; rotated names never collide; a missing drlog directory is
 * created when its parent exists.
 */
package io.dmon.agent.output;
