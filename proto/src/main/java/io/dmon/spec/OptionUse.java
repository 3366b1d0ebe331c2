package io.dmon.spec;

/**
 * One option as the user wrote it, before its value is checked.
 *
 * @param option   which option
 * @param spelling how it was written ({@code -L}, {@code --load-high}, {@code load-high}), for messages
 * @param value    its value word, or {@code null} for a flag
 * @param negated  true for {@code --no-NAME}: the flag is turned off
 * @param where    where it was written, prefixed to messages ({@code DMON_OPTIONS}, a config file
 *                 line), or empty for the command line
 */
record OptionUse(DmonOption option, String spelling, String value, boolean negated, String where) {

    /** The message for a problem with this option, with {@link #where} in front when known. */
    SpecException problem(String message) {
        return new SpecException(where.isEmpty() ? message : where + ": " + message);
    }
}
