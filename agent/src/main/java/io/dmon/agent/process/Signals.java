package io.dmon.agent.process;

import java.util.Locale;

/** Linux signal numbers and names (the same on x86_64 and aarch64). */
public final class Signals {
    public static final int HUP = 1;
    public static final int INT = 2;
    public static final int QUIT = 3;
    public static final int KILL = 9;
    public static final int USR1 = 10;
    public static final int USR2 = 12;
    public static final int PIPE = 13;
    public static final int ALRM = 14;
    public static final int TERM = 15;
    public static final int CHLD = 17;
    public static final int CONT = 18;
    public static final int STOP = 19;
    public static final int TSTP = 20;

    private static final String[] NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
        "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
    };

    /** The signals DMon's -s and -S forward, in DMon's order. */
    public static final int[] FORWARDABLE = {CONT, ALRM, QUIT, USR1, USR2, HUP};

    private Signals() {
    }

    /** The name without SIG, e.g. {@code TERM}; a number for signals without a name. */
    public static String name(int signal) {
        return signal > 0 && signal < NAMES.length ? NAMES[signal] : Integer.toString(signal);
    }

    /** Parses {@code TERM}, {@code SIGTERM}, {@code term} or {@code 15}; -1 when unknown. */
    public static int parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(t);
                return n > 0 && n < 65 ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(t)) {
                return i;
            }
        }
        return -1;
    }
}
