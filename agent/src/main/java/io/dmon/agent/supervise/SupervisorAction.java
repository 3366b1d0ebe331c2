package io.dmon.agent.supervise;

import io.dmon.agent.process.Signals;
import io.dmon.agent.supervise.SupervisorEvent.Timer;
import java.util.Locale;

/**
 * What the transition function asks the driver to do. Actions whose result matters (a start, a
 * load or pressure reading, the drain) come back as events.
 */
public sealed interface SupervisorAction {

    /** Start run {@code run} of the command; answered by CmdStarted or CmdStartFailed. */
    record StartCommand(int run) implements SupervisorAction {
        @Override
        public String toString() {
            return "start cmd run " + run;
        }
    }

    /** Start the log command; answered by LogStarted or LogStartFailed. */
    record StartLog() implements SupervisorAction {
        @Override
        public String toString() {
            return "start log";
        }
    }

    /** Wait for the process in a thread of its own; its end comes back as CmdExited or LogExited. */
    record Watch(Proc proc, JobEvent.Role role) implements SupervisorAction {
        @Override
        public String toString() {
            return "watch " + role.name().toLowerCase(Locale.ROOT) + " " + proc.pid();
        }
    }

    /** Signal the process, or its whole group when it leads one and {@code group} is set. */
    record Signal(Proc proc, int signal, boolean group) implements SupervisorAction {
        @Override
        public String toString() {
            return "signal " + (group ? "group " : "") + proc.pid() + " " + Signals.name(signal);
        }
    }

    /** Publish the snapshot, then tell the listener. */
    record Emit(JobEvent event, JobSnapshot snapshot) implements SupervisorAction {
        @Override
        public String toString() {
            return "emit " + event.role() + " " + event.kind() + (event.kind() == JobEvent.Kind.STATE
                    ? " " + event.state()
                    : " " + event.pid() + (event.value() != 0 ? " " + event.value() : "") + " (" + event.state() + ")")
                    + (event.afterStop() ? " after stop" : "");
        }
    }

    /** Fire {@code timer} at monotonic {@code at} (replacing an earlier arming). */
    record Arm(Timer timer, long at) implements SupervisorAction {
        @Override
        public String toString() {
            return "arm " + timer + " at " + at;
        }
    }

    /** Forget {@code timer}. */
    record Disarm(Timer timer) implements SupervisorAction {
        @Override
        public String toString() {
            return "disarm " + timer;
        }
    }

    /** Read the load; answered by LoadRead. */
    record ReadLoad() implements SupervisorAction {
        @Override
        public String toString() {
            return "read load";
        }
    }

    /** Read the host's pressure; answered by PressureRead. */
    record ReadPressure() implements SupervisorAction {
        @Override
        public String toString() {
            return "read pressure";
        }
    }

    /** Wait (off the loop) for the command's output to be read to the end; answered by OutputDrained. */
    record DrainOutput() implements SupervisorAction {
        @Override
        public String toString() {
            return "drain output";
        }
    }

    /** End the output: close the in-process sink, or the log command's pipe (EOF). */
    record CloseOutput() implements SupervisorAction {
        @Override
        public String toString() {
            return "close output";
        }
    }

    /** Tell the operator something went wrong, once per cause; {@code errno} (0: none) is described after it. */
    record Warn(String message, int errno) implements SupervisorAction {
        @Override
        public String toString() {
            return "warn " + message + (errno != 0 ? " errno " + errno : "");
        }
    }
}
