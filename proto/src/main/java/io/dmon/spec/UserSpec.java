package io.dmon.spec;

import java.util.List;
import java.util.Objects;

/**
 * The credentials of {@code -u}/{@code -U}, as text: DMon's {@code user[:group1[:group2...]]}.
 * Each part is a name or a number; this class keeps the text and leaves the lookup against the
 * password and group databases to the code that starts the process (DMon reads a number with
 * {@code strtoul(..., 0)}, so there {@code 0x10} is hex and {@code 010} octal; a user given as a
 * number must exist in the password database, a group given as a number need not exist).
 *
 * @param user   the user name or number, not empty
 * @param groups the groups after the user, in order; empty when only a user was given
 */
public record UserSpec(String user, List<String> groups) {

    public UserSpec {
        Objects.requireNonNull(user, "user");
        groups = List.copyOf(groups);
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad user '" + user + "'");
        }
        for (String group : groups) {
            if (group.isEmpty() || group.indexOf(':') >= 0) {
                throw new IllegalArgumentException("bad group '" + group + "'");
            }
        }
    }

    /** A user with no explicit groups. */
    public static UserSpec of(String user) {
        return new UserSpec(user, List.of());
    }

    /**
     * Parses {@code user[:group1[:group2...]]}.
     *
     * @param option how the option was spelled, for the message
     * @throws SpecException when the user or one of the groups is empty (DMon would read an empty
     *                       group as number 0, that is root's group; we refuse it)
     */
    public static UserSpec parse(String option, String text) throws SpecException {
        String[] parts = text.split(":", -1);
        if (parts[0].isEmpty()) {
            throw new SpecException("option " + option + ": no user in '" + text
                    + "' (the format is user[:group1[:group2...]])");
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                throw new SpecException("option " + option + ": empty group name in '" + text
                        + "' (the format is user[:group1[:group2...]])");
            }
        }
        return new UserSpec(parts[0], List.of(parts).subList(1, parts.length));
    }

    /** The text form, {@code user[:group...]}, as it would be given to {@code -u}. */
    public String text() {
        return groups.isEmpty() ? user : user + ":" + String.join(":", groups);
    }
}
