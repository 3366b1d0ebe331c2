package io.dmon.wire;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a host's name may be, checked alike by the agent before it dials (a name the coordinators
 * would refuse is a usage error, not a reason to retry forever) and by the coordinators.
 */
public final class HostName {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private HostName() {
    }

    /** What is wrong with {@code host}, as a one-line message; empty when it is fine. */
    public static Optional<String> problem(String host) {
        if (host.isEmpty()) {
            return Optional.of("empty host name");
        }
        if (host.length() > RequestLimits.MAX_HOST || !HOST.matcher(host).matches()) {
            return Optional.of(OneLine.of("bad host name '" + host + "': use letters, digits, '.', '_', '-'"));
        }
        return Optional.empty();
    }
}
