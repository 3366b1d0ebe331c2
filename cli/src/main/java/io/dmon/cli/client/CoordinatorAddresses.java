package io.dmon.cli.client;

import io.dmon.cli.CliException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The coordinators to try, in order: {@code HOST:PORT[,HOST:PORT...]} from {@code --coordinator},
 * else from {@code DMON_COORDINATOR}, else {@value #DEFAULT}. IPv6 hosts go in brackets
 * ({@code [::1]:7700}).
 */
public final class CoordinatorAddresses {
    /** Where a coordinator listens when nobody says otherwise. */
    public static final String DEFAULT = "127.0.0.1:7700";
    /** The environment variable read when {@code --coordinator} is absent. */
    public static final String ENV = "DMON_COORDINATOR";

    private CoordinatorAddresses() {
    }

    /**
     * The addresses named by the option, or the environment, or the default.
     *
     * @throws CliException (usage) for a malformed list
     */
    public static List<String> resolve(String option, String environment) {
        if (option != null) {
            return parse(option, "--coordinator");
        }
        if (environment != null && !environment.isBlank()) {
            return parse(environment, ENV);
        }
        return List.of(DEFAULT);
    }

    /** Parses a comma-separated list of {@code HOST:PORT}; duplicates are dropped, order kept. */
    static List<String> parse(String list, String where) {
        LinkedHashSet<String> addresses = new LinkedHashSet<>();
        for (String item : list.split(",", -1)) {
            String address = item.trim();
            check(address, where);
            addresses.add(address);
        }
        return new ArrayList<>(addresses);
    }

    private static void check(String address, String where) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        String port = colon < 0 ? "" : address.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        boolean hostOk = !host.isEmpty() && (bracketed || (!host.contains(":") && !host.contains("/")
                && !host.contains("[") && !host.contains(" ")));
        if (!hostOk || !validPort(port)) {
            throw CliException.usage(where + ": '" + address + "' is not HOST:PORT");
        }
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int n = Integer.parseInt(port);
        return n >= 1 && n <= 65535;
    }
}
