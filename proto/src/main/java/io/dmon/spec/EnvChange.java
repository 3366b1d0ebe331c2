package io.dmon.spec;

import java.util.Objects;

/**
 * One {@code -E} option: set {@code name} to {@code value}, or remove {@code name} from the
 * environment when {@code value} is {@code null}. Changes apply in command-line order, to dmon
 * itself and so to both children (DMon calls {@code setenv}/{@code unsetenv} in its own process).
 *
 * @param name  the variable name: not empty, no {@code '='}
 * @param value the new value (may be empty), or {@code null} to unset the variable
 */
public record EnvChange(String name, String value) {

    public EnvChange {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException("bad environment variable name '" + name + "'");
        }
    }

    /** A change that sets {@code name} to {@code value}. */
    public static EnvChange set(String name, String value) {
        return new EnvChange(name, Objects.requireNonNull(value, "value"));
    }

    /** A change that removes {@code name}. */
    public static EnvChange unset(String name) {
        return new EnvChange(name, null);
    }

    /**
     * Parses the text of a {@code -E} option: {@code VAR} unsets, {@code VAR=VAL} sets, {@code VAR=}
     * sets to the empty string. The name ends at the first {@code '='}, so the value may hold more.
     *
     * @param option how the option was spelled, for the message
     * @throws SpecException when the name is empty
     */
    public static EnvChange parse(String option, String text) throws SpecException {
        int equals = text.indexOf('=');
        String name = equals < 0 ? text : text.substring(0, equals);
        if (name.isEmpty()) {
            // DMon passes it to setenv(3), which fails with EINVAL and is ignored; say so instead.
            throw new SpecException("option " + option + ": no variable name in '" + text + "'");
        }
        return equals < 0 ? unset(name) : set(name, text.substring(equals + 1));
    }

    /** True when this change removes the variable. */
    public boolean isUnset() {
        return value == null;
    }

    /** The option text this change came from: {@code VAR} or {@code VAR=VAL}. */
    public String text() {
        return isUnset() ? name : name + "=" + value;
    }
}
