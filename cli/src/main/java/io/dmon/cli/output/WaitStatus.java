package io.dmon.cli.output;

/** Decodes the raw {@code waitpid} status that agents report ({@code JobStatus.last_exit_status}). */
public final class WaitStatus {
    private WaitStatus() {
    }

    /**
     * dmon's rule for its own exit status: the command's exit code when it exited normally
     * ({@code WIFEXITED}), 1 when it was killed by a signal, and 1 when it never ran ({@code -1}).
     */
    public static int exitCode(int raw) {
        if (raw < 0) {
            return 1;
        }
        return (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 1;
    }

    /** {@code exit 2}, {@code signal 9}, or {@code none} before any run ended. */
    public static String describe(int raw) {
        if (raw < 0) {
            return "none";
        }
        return (raw & 0x7f) == 0 ? "exit " + ((raw >> 8) & 0xff) : "signal " + (raw & 0x7f);
    }
}
