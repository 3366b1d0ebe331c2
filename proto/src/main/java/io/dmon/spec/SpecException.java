package io.dmon.spec;

/**
 * Bad input in an option, a value or a configuration file. The message is one line that names
 * what was wrong, ready to print after the program's name; programs exit with status 1 on it.
 */
public final class SpecException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        // Bounded and one line whatever value the message quotes.
        super(io.dmon.wire.OneLine.of(message), null, false, false);
    }
}
