package io.dmon.cli.command;

import io.dmon.cli.CliException;
import java.util.Locale;
import java.util.Map;

/**
 * Signals as operators name them: {@code TERM}, {@code SIGTERM}, {@code term}, or a number. The
 * numbers are Linux's (x86, ARM, RISC-V alike), which is what every agent runs on.
 */
final class SignalNames {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("USR2", 12), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20));
    /** Linux's highest signal, SIGRTMAX. */
    private static final int MAX = 64;

    private SignalNames() {
    }

    /**
     * The signal number {@code text} names.
     *
     * @throws CliException (usage) for an unknown name or a number out of range
     */
    static int parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (name.length() <= 2 && Integer.parseInt(name) >= 1 && Integer.parseInt(name) <= MAX) {
                return Integer.parseInt(name);
            }
            throw CliException.usage("signal " + text + " is out of range (1-" + MAX + ")");
        }
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        Integer number = NUMBERS.get(name);
        if (number == null) {
            throw CliException.usage("unknown signal '" + text + "' (known: HUP INT QUIT KILL USR1 USR2 ALRM "
                    + "TERM CONT STOP TSTP, or a number)");
        }
        return number;
    }
}
