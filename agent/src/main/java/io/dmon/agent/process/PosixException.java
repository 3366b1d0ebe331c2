package io.dmon.agent.process;

import java.io.IOException;

/** A failed system call: carries the errno so callers can tell, say, ENOENT from EPERM. */
public final class PosixException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    /** Called from native code: the message is the call's name. */
    PosixException(int errno, String call) {
        super(call + ": " + Posix.describeErrno(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
