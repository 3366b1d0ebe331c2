package io.dmon.spec;

import java.util.Objects;

/**
 * One {@code -r NAME=VALUE} option: a soft resource limit for the command.
 *
 * <p>For whoever applies it: DMon sets only the soft limit, keeps the hard limit, and clamps a
 * value above the hard limit to the hard limit instead of failing. Limits apply in command-line
 * order, so when one kind is given twice the later value wins. Pass {@link #rlimitValue()} to
 * {@code setrlimit(2)}.
 *
 * @param kind  which limit
 * @param value bytes, seconds or a plain number, as {@link LimitKind#unit()} says; not negative
 */
public record ResourceLimit(LimitKind kind, long value) {

    public ResourceLimit {
        Objects.requireNonNull(kind, "kind");
        if (value < 0) {
            throw new IllegalArgumentException("negative limit " + kind.dmonName() + "=" + value);
        }
    }

    /**
     * Parses {@code NAME=VALUE} as DMon does: NAME one of {@link LimitKind}'s DMon names, VALUE as
     * its unit says. The text {@code help} is not a limit: the option parser handles it first.
     *
     * @param option how the option was spelled, for the message
     * @throws SpecException for an unknown name, a missing {@code =VALUE} or a bad value
     */
    public static ResourceLimit parse(String option, String text) throws SpecException {
        int equals = text.indexOf('=');
        String name = equals < 0 ? text : text.substring(0, equals);
        LimitKind kind = LimitKind.byDmonName(name).orElseThrow(() -> new SpecException(
                "option " + option + ": unknown limit '" + name + "' (see -r help)"));
        if (equals < 0) {
            throw new SpecException("option " + option + ": limit '" + name + "' needs a value ("
                    + name + "=VALUE)");
        }
        return new ResourceLimit(kind, kind.parseValue(option + " " + name, text.substring(equals + 1)));
    }

    /** The value for {@code setrlimit(2)}: see {@link LimitKind#rlimitValue(long)}. */
    public long rlimitValue() {
        return kind.rlimitValue(value);
    }

    /** The option text, {@code NAME=VALUE}, with the value in plain units. */
    public String text() {
        return kind.dmonName() + "=" + value;
    }
}
