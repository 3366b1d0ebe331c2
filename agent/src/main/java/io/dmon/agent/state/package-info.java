/**
 * The agent's state directory ({@code dmon-agent --state-dir}, default
 * {@code /var/lib/dmon-agent}): what survives the agent, written so that a crash at any moment
 * leaves either the old or the new content of each file.
 *
 * <pre>
 * STATE/assignment.pb        the last known assignment: a dmon.v1.Assignment (proto bytes)
 * STATE/runtime/NAME         one job's runtime record (Java properties, see JobRecord)
 * STATE/pauses/NAME          one job's operator pause as the agent saw it (see PauseRecord)
 * STATE/spool/NAME/          one job's log spool (see io.dmon.agent.spool)
 * STATE/jobs/NAME/           the default work directory of a job without -W
 * STATE/monitors/N/          the directory of a job's monitor (see io.dmon.agent.monitor), named
 *                            by a number in the job's runtime record
 * STATE/lock                 locked (fcntl) by the running agent
 * </pre>
 *
 * <p>NAME is the job id made safe as a file name ({@link io.dmon.agent.state.FileNames}); files
 * that need the id itself store it inside. Every file except spool segments is replaced
 * atomically ({@link io.dmon.agent.state.AtomicFile}).
 */
package io.dmon.agent.state;
