package io.dmon.agent.process;

import java.util.Arrays;
import java.util.List;

/** Who a child runs as: uid, primary gid and supplementary groups, resolved ahead of the spawn. */
public record Credentials(int uid, int gid, int[] groups) {

    /**
     * Resolves DMon's {@code user[:group[:group...]]} (names or numbers). The user, by name or by
     * number, must be in the password database (as in DMon) and keeps its primary group there.
     * Without groups its supplementary groups apply (initgroups); with groups, the listed ones are
     * the supplementary list, as DMon's setgroups() makes them ("additional groups").
     *
     * @throws CredentialsException naming the unknown user or group, or a missing privilege
     */
    public static Credentials resolve(Posix posix, String user, List<String> groupNames) throws CredentialsException {
        int[] entry = isNumber(user) ? posix.lookupUser(Integer.parseInt(user)) : posix.lookupUser(user);
        if (entry == null) {
            throw new CredentialsException("unknown user '" + user + "'");
        }
        int uid = entry[0];
        int gid = entry[1];
        int[] groups = Arrays.copyOfRange(entry, 2, entry.length);
        if (!groupNames.isEmpty()) {
            groups = new int[groupNames.size()];
            for (int i = 0; i < groups.length; i++) {
                String g = groupNames.get(i);
                int id = isNumber(g) ? Integer.parseInt(g) : posix.lookupGroup(g);
                if (id < 0) {
                    throw new CredentialsException("unknown group '" + g + "'");
                }
                groups[i] = id;
            }
        }
        Credentials creds = new Credentials(uid, gid, groups);
        int euid = posix.geteuid();
        if (euid != 0 && (uid != euid || !groupNames.isEmpty())) {
            throw new CredentialsException("cannot run as '" + user + "': changing user or group needs root"
                    + " (running as uid " + euid + ")");
        }
        return creds;
    }

    /** The id array the native spawn takes: {uid, gid, groups...}. */
    int[] toIds() {
        int[] ids = new int[2 + groups.length];
        ids[0] = uid;
        ids[1] = gid;
        System.arraycopy(groups, 0, ids, 2, groups.length);
        return ids;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && c.uid == uid && c.gid == gid && Arrays.equals(c.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * uid + gid) + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "uid=" + uid + " gid=" + gid + " groups=" + Arrays.toString(groups);
    }
}
