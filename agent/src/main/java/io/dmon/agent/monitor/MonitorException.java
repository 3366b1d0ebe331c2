package io.dmon.agent.monitor;

import java.io.IOException;

/** A monitor could not be started, reached or understood; the message is one line naming why. */
public final class MonitorException extends IOException {
    public MonitorException(String message) {
        super(message);
    }
}
