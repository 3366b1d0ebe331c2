package io.dmon.coordinator.fleet;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A job's id, {@code NAME@HOST}: what an operator asked for on one host. Names and host names
 * never contain {@code @}, so the id splits at its only one.
 *
 * @param name the job's name, unique on its host
 * @param host the host's name (its agent's {@code --name})
 */
public record JobId(String name, String host) {
    private static final int MAX_NAME = 64;
    private static final int MAX_HOST = 253;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern NOT_NAME = Pattern.compile("[^A-Za-z0-9._+-]");

    /** Parses an id; empty when it is not {@code NAME@HOST} with a valid name and host. */
    public static Optional<JobId> parse(String id) {
        int at = id.indexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        JobId parsed = new JobId(id.substring(0, at), id.substring(at + 1));
        boolean valid = nameProblem(parsed.name).isEmpty() && hostProblem(parsed.host).isEmpty();
        return valid ? Optional.of(parsed) : Optional.empty();
    }

    /** What is wrong with a job name, as a one-line message; empty when it is fine. */
    public static Optional<String> nameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("empty job name");
        }
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            return Optional.of("bad job name '" + name + "': use up to " + MAX_NAME
                    + " letters, digits, '.', '_', '+', '-', not starting with '.', '+' or '-'");
        }
        return Optional.empty();
    }

    /** What is wrong with a host name, as a one-line message; empty when it is fine. */
    public static Optional<String> hostProblem(String host) {
        return io.dmon.wire.HostName.problem(host);
    }

    /**
     * The default name of a job running {@code program}: its base name, with characters a name
     * cannot hold replaced by {@code _}, short enough to take a {@code -N} suffix.
     */
    public static String defaultName(String program) {
        String base = program.substring(program.lastIndexOf('/') + 1);
        String name = NOT_NAME.matcher(base).replaceAll("_").replaceFirst("^[.+-]+", "");
        if (name.length() > MAX_NAME - 6) {
            name = name.substring(0, MAX_NAME - 6);
        }
        return name.isEmpty() ? "job" : name;
    }

    /** Whether {@code id} names a job on {@code host}. */
    public static boolean isOnHost(String id, String host) {
        return parse(id).map(j -> j.host.equals(host)).orElse(false);
    }

    @Override
    public String toString() {
        return name + "@" + host;
    }
}
