package io.dmon.agent.process;

/**
 * A raw waitpid(2) status, as DMon writes it in status lines: exit code × 256 for a normal exit,
 * the signal number (plus 128 with a core dump) for a kill.
 */
public record ExitStatus(int raw) {

    public static ExitStatus exited(int code) {
        return new ExitStatus((code & 0xff) << 8);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(signal & 0x7f);
    }

    public boolean isExit() {
        return (raw & 0x7f) == 0;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public boolean isSignal() {
        int sig = raw & 0x7f;
        return sig != 0 && sig != 0x7f;
    }

    public int signal() {
        return raw & 0x7f;
    }

    public boolean isSuccess() {
        return raw == 0;
    }

    /** The status a shell would report: the exit code, or 128 + signal. */
    public int shellStatus() {
        return isExit() ? exitCode() : 128 + signal();
    }

    @Override
    public String toString() {
        return isExit() ? "exit " + exitCode() : "signal " + Signals.name(signal());
    }
}
