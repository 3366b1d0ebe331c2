package io.dmon.agent.load;

import java.io.IOException;

/** Where the 1-minute load average comes from. */
public interface LoadSource {
    double load1() throws IOException;
}
