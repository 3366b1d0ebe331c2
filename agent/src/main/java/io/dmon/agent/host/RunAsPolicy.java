package io.dmon.agent.host;

import io.dmon.agent.process.Credentials;
import io.dmon.agent.process.Posix;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whom this agent agrees to run a job's processes as, whatever a coordinator asks: a compromised
 * control plane must not mean root on every host. Decided by the agent alone, from its own
 * options ({@code --allow-root}, {@code --allow-users}).
 *
 * <ul>
 * <li>A process that would have uid 0, or group 0 as primary or supplementary group, is root:
 *     refused unless {@code --allow-root}. A command or log command without {@code -u}/{@code -U}
 *     runs as the agent itself, so on a root agent it is root (an in-process log tool as well: it
 *     writes its files with the agent's rights).</li>
 * <li>With {@code --allow-users}, a user that {@code -u}/{@code -U} names must be in the list
 *     (compared by uid; names are resolved when the agent starts). Without it any non-root user
 *     may be named. Root is governed by {@code --allow-root} alone.</li>
 * </ul>
 *
 * Pure once built: facts in, a refusal reason (or none) out.
 */
public final class RunAsPolicy {
    private final int agentUid;
    private final boolean allowRoot;
    private final Set<Integer> allowedUids;  // null: any non-root user

    private RunAsPolicy(int agentUid, boolean allowRoot, Set<Integer> allowedUids) {
        this.agentUid = agentUid;
        this.allowRoot = allowRoot;
        this.allowedUids = allowedUids == null ? null : Set.copyOf(allowedUids);
    }

    /**
     * @param agentUid    the agent's effective uid: who runs a process without {@code -u}/{@code -U}
     * @param allowedUids the users {@code -u}/{@code -U} may name, empty for any non-root user
     */
    public static RunAsPolicy of(int agentUid, boolean allowRoot, Optional<Set<Integer>> allowedUids) {
        return new RunAsPolicy(agentUid, allowRoot, allowedUids.orElse(null));
    }

    /** No root, any other user: the default, fail-closed. */
    public static RunAsPolicy strict(Posix posix) {
        return new RunAsPolicy(posix.geteuid(), false, null);
    }

    /**
     * The policy of this process from the agent's options.
     *
     * @param allowUsers {@code --allow-users} entries (user names or uids), empty when not given
     * @throws IllegalArgumentException naming an entry that is no user, in one line
     */
    public static RunAsPolicy fromOptions(Posix posix, boolean allowRoot, Collection<String> allowUsers) {
        if (allowUsers.isEmpty()) {
            return new RunAsPolicy(posix.geteuid(), allowRoot, null);
        }
        Set<Integer> uids = new LinkedHashSet<>();
        for (String user : allowUsers) {
            if (!user.isEmpty() && user.length() < 10 && user.chars().allMatch(Character::isDigit)) {
                uids.add(Integer.parseInt(user));
                continue;
            }
            int[] entry = user.isEmpty() || user.length() > 64 ? null : posix.lookupUser(user);
            if (entry == null) {
                throw new IllegalArgumentException("unknown user '" + (user.length() > 64 ? user.substring(0, 64)
                        + "..." : user) + "'");
            }
            uids.add(entry[0]);
        }
        return new RunAsPolicy(posix.geteuid(), allowRoot, uids);
    }

    public boolean allowsRoot() {
        return allowRoot;
    }

    /**
     * Why a job may not run, or empty when it may.
     *
     * @param cmdUser    the command's resolved {@code -u}, or null (runs as the agent)
     * @param logUser    the log command's resolved {@code -U}, or null
     * @param hasLogCmd  whether the job has a log command at all
     * @param cmdName    {@code -u} as given (for the message), or null
     * @param logName    {@code -U} as given, or null
     */
    public Optional<String> refusal(Credentials cmdUser, String cmdName, boolean hasLogCmd, Credentials logUser,
                                    String logName) {
        Optional<String> cmd = refusal("command", "-u", cmdUser, cmdName);
        if (cmd.isPresent() || !hasLogCmd) {
            return cmd;
        }
        return refusal("log command", "-U", logUser, logName);
    }

    private Optional<String> refusal(String what, String option, Credentials user, String asGiven) {
        if (user == null) {
            if (agentUid == 0 && !allowRoot) {
                return Optional.of("the " + what + " would run as root (no " + option
                        + ", agent is root) and this agent was started without --allow-root");
            }
            return Optional.empty();
        }
        String root = rootPart(user);
        if (root != null) {
            return allowRoot ? Optional.empty() : Optional.of("option " + option + ": the " + what + " would run "
                    + root + " and this agent was started without --allow-root");
        }
        if (allowedUids != null && !allowedUids.contains(user.uid())) {
            return Optional.of("option " + option + ": user '" + shortened(asGiven) + "' (uid " + user.uid()
                    + ") is not in this agent's --allow-users");
        }
        return Optional.empty();
    }

    /** What makes these credentials root, or null. */
    private static String rootPart(Credentials c) {
        if (c.uid() == 0) {
            return "as root";
        }
        if (c.gid() == 0) {
            return "with group root (gid 0)";
        }
        for (int g : c.groups()) {
            if (g == 0) {
                return "with group root (gid 0) among its groups";
            }
        }
        return null;
    }

    private static String shortened(String s) {
        if (s == null) {
            return "?";
        }
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
