/**
 * The per-job monitor ({@code src/main/c/dmon-monitor.c}) seen from the agent: starting one
 * ({@link io.dmon.agent.monitor.MonitorLauncher}), finding one a previous agent left
 * ({@link io.dmon.agent.monitor.MonitorFinder}), talking to it
 * ({@link io.dmon.agent.monitor.MonitorConnection}) and reading the output it stored
 * ({@link io.dmon.agent.monitor.OutputStore}).
 *
 * <p>A monitor is the parent of one job's runs: it starts a run when asked, reaps it and keeps
 * its status, holds its stdout and stderr pipes and writes every line to its store, whether an
 * agent is attached or not. Policy stays in the agent; a run that ends while no agent is attached
 * stays ended until one comes back and decides.
 *
 * <h2>Its directory</h2>
 * <pre>
 * DIR/lock                      flock'd by the monitor while it lives (one monitor per DIR)
 * DIR/sock                      its socket, 0600; only its own user (or root) is accepted
 * DIR/monitor                   "dmon-monitor PROTOCOL PID STARTTIME": who it is, /proc start time
 * DIR/NNNNNNNNNNNNNNNNNNNN.out  output segments, named by the seq of their first line (20 digits)
 * DIR/exit                      written as it ends in order (quit, or TERM): its last state
 * </pre>
 * A monitor refuses a DIR holding segments or an exit file: an earlier monitor's output must be
 * taken (and the files removed) first. DIR must be short enough for a socket path (107 bytes
 * with {@code /sock}).
 *
 * <h2>The output store</h2>
 * Each line of a run is one record, appended to the newest segment:
 * <pre>
 * SEQ SP UNIX_MS SP RUN SP KIND SP DATA LF      KIND: o (stdout) | e (stderr)
 * </pre>
 * SEQ counts from 1 over the monitor's life, without gaps (a line that cannot be written is
 * counted as lost and its seq given to the next one: only as the monitor ends, see below). DATA never holds LF; a line longer than
 * 64 KiB is cut into pieces, each but the last ending in {@code " [cut by dmon]"}, as the
 * agent's own line splitter cuts them, so one record is at most one spool line. A partial last
 * line at the end of a run's output becomes a record too. A new segment starts once the newest
 * holds {@code --segment-bytes} (1 MiB); segments wholly at or below the seq the agent reported
 * {@code consumed} are deleted. Past {@code --store-bytes} (64 MiB), while an agent is attached the
 * run's pipes wait until it reports more lines consumed (back-pressure, as a pipe gives); with no
 * agent attached the oldest segment goes even unconsumed (counted as dropped), so that a job is
 * never held back for an agent that may not come back. A record without its LF is still being
 * written; the {@code output} event names the last line in the files. When the
 * disk refuses a write (full, read-only) the lines stay in the monitor's buffer and its run's pipes
 * are not read until a retry (every 250 ms) goes in: the job waits on its output, no line is lost.
 * A monitor that ends meanwhile gives what it holds up (counted as lost).
 *
 * <h2>The protocol</h2>
 * A stream socket carrying ASCII lines. The agent sends commands of at most 127 bytes; a longer
 * line, a byte outside printable ASCII, an unknown command or a bad number gets
 * {@code error REASON} and the connection closed (the monitor carries on). One agent at a time: a
 * new connection replaces the old one. On connecting the agent receives
 * <pre>
 * hello PROTOCOL PID STARTTIME                  the monitor (protocol 1)
 * output LASTSEQ BYTES DROPPED LOST             the store: last seq written, bytes ever written,
 *                                               lines dropped unconsumed, lines lost (write errors)
 * run RUN PID STARTTIME EXECERRNO UNIX_MS       the current run, if any (EXECERRNO: why the program
 *                                               could not be executed; the run then exits 111)
 * exit RUN RAWSTATUS UNIX_MS                    once its leader was reaped (waitpid status)
 * eof RUN LASTSEQ                               once its pipes closed: its lines end at LASTSEQ
 * stalled ERRNO                                 while the disk refuses the store's writes
 * resumed                                       once it takes them again
 * </pre>
 * and the same events later as they happen ({@code output} at most once per unread batch).
 * Commands and their replies, in order:
 * <pre>
 * start RUN      run RUN (> every earlier one) -> "run ..." then "ok start" | "refused start WHY"
 *                (WHY cgroup-errno-N: the run could not join the job's cgroup, and ran nothing)
 * signal SIG     to the run's leader while not reaped -> ok signal | refused signal gone|errno-N
 * group SIG      to the run's process group while it has members -> ok group | refused group gone
 * stop MS        TERM and CONT to the group, KILL after MS if any of it (or of the job's cgroup,
 *                given by --cgroup, whose whole tree is then killed) is left -> ok stop
 * consumed SEQ   the agent has every line up to SEQ elsewhere -> ok consumed
 * ping           -> pong (everything sent before it, e.g. the state after hello, has arrived)
 * detach         -> bye, and the connection closes; the monitor carries on
 * quit           -> ok quit and the monitor ends (exit file written) | refused quit running
 * </pre>
 * A monitor that gets TERM stops its run (TERM, 10 s, KILL) and ends as after quit. A run gets
 * PR_SET_PDEATHSIG KILL: a monitor killed with -9 takes its run's leader with it, so a lost
 * job is never left running unsupervised beside its replacement. With {@code --cgroup}, a
 * monitor that ends kills what is left in the job's cgroup first (a setsid'd child or a daemon
 * the run left, which PR_SET_PDEATHSIG does not reach).
 */
package io.dmon.agent.monitor;
