package io.dmon.agent.output;

import io.dmon.spec.SpecException;
import java.util.List;

/**
 * Reads a log tool's words by DMon's cflag rules, the same grammar as {@code dmon}'s and
 * {@code denv}'s, from a table of the tool's options; stops at the first word that is not an option.
 *
 * <ul>
 *   <li>{@code -X}: exactly a dash and one letter; {@code --name}: a long name. An option's value
 *       is the next word, whatever it looks like ({@code -p -x} sets the prefix {@code -x}).</li>
 *   <li>{@code --no-name} turns the flag {@code name} off again (cflag's negation), handy to
 *       override a {@code *_OPTIONS} variable.</li>
 *   <li>No bundling ({@code -tb}), no attached value ({@code -pX}), no {@code --name=value}: refused
 *       with a hint. cflag refuses {@code --name=value} too; it would take {@code -tb} for the
 *       operand (a file named {@code -tb}), which is far likelier a slip. {@code ./-tb} or
 *       {@code -- -tb} still name such a file.</li>
 *   <li>{@code --} ends the options; any other word ({@code -} alone included) is the operand.</li>
 * </ul>
 *
 * <p>The tools take one operand (FILE, DIR, NAME) after the options and, as DMon's, ignore any
 * word after it: see {@link #operand}.
 *
 * <p>Hand-written rather than picocli: dmon runs these tools in its own JVM, and picocli with
 * what its converters load (regex, reflection, java.time, java.sql) was 470 of the 1,236 classes
 * {@code dmon -n -1 true -- dlog FILE} loaded and 5 MB of the 38 MB a sleeping dmon kept resident.
 */
final class ToolOptionScanner {
    /** {@code -h}/{@code --help}, which every tool has. */
    static final Option HELP = new Option('h', "help", false);

    /**
     * One option of a tool.
     *
     * @param letter its short name, {@code -letter}
     * @param longName its long name, {@code --longName}
     * @param takesValue true when the next word is its value, false for a flag
     */
    record Option(char letter, String longName, boolean takesValue) {
        /** A flag that {@code --no-NAME} can turn off. */
        boolean negatable() {
            return !takesValue && this != HELP;
        }
    }

    /**
     * One option as read.
     *
     * @param option which option
     * @param value its value word, or null for a flag
     * @param on false for a flag written {@code --no-NAME}
     */
    record Use(Option option, String value, boolean on) {
        char letter() {
            return option.letter();
        }
    }

    private final List<Option> table;
    private final List<String> words;
    private int next;
    private boolean endMarker;

    /**
     * @param table the tool's options, {@link #HELP} among them
     * @param words what to read: the {@code *_OPTIONS} words, then the command line's
     */
    ToolOptionScanner(List<Option> table, List<String> words) {
        this.table = table;
        this.words = words;
    }

    /**
     * The next option, or null when the options are over: the words ran out, or {@code --} or a
     * word that is not an option was reached.
     *
     * @throws SpecException an unknown option or a missing value, in one line
     */
    Use next() throws SpecException {
        if (next >= words.size() || endMarker) {
            return null;
        }
        String word = words.get(next);
        if (word.equals("--")) {
            endMarker = true;
            next++;
            return null;
        }
        if (!word.startsWith("-") || word.equals("-")) {
            return null;
        }
        Use use = lookup(word);
        if (use == null) {
            throw new SpecException(unknownOption(word));
        }
        next++;
        if (!use.option().takesValue()) {
            return use;
        }
        if (next >= words.size()) {
            throw new SpecException("option " + word + " needs a value");
        }
        return new Use(use.option(), words.get(next++), true);
    }

    /**
     * The operand after the options, or null when there is none; call once {@link #next()} has
     * returned null. Words after it are ignored, as DMon's tools ignore them ({@code dlog FILE
     * EXTRA} logs to FILE).
     */
    String operand() {
        if (next >= words.size()) {
            return null;
        }
        return words.get(next);
    }

    /** The option {@code word} names, as a use with no value yet; null when it names none. */
    private Use lookup(String word) {
        if (word.length() == 2 && word.charAt(0) == '-' && word.charAt(1) != '-') {
            for (Option option : table) {
                if (option.letter() == word.charAt(1)) {
                    return new Use(option, null, true);
                }
            }
            return null;
        }
        if (word.length() > 2 && word.startsWith("--")) {
            String name = word.substring(2);
            boolean negated = name.startsWith("no-");
            for (Option option : table) {
                if (option.longName().equals(name)) {
                    return new Use(option, null, true);
                }
                if (negated && option.negatable() && option.longName().equals(name.substring(3))) {
                    return new Use(option, null, false);
                }
            }
        }
        return null;
    }

    /** The message for a word that looks like an option but names none, with a hint when one helps. */
    private String unknownOption(String word) {
        String message = "unknown option '" + word + "'";
        int equals = word.indexOf('=');
        if (word.startsWith("--") && equals > 2) {
            String name = word.substring(0, equals);
            Use use = lookup(name);
            if (use != null && use.option().takesValue()) {
                String value = word.substring(equals + 1);
                return message + " (give the value as the next word: " + name + " "
                        + (value.isEmpty() ? "''" : value) + ")";
            }
            if (use != null) {
                return message + " (" + name + " takes no value)";
            }
            return message;
        }
        if (word.startsWith("--") || word.length() <= 2) {
            return message;
        }
        Use first = lookup(word.substring(0, 2));
        if (first != null && first.option().takesValue()) {
            return message + " (give the value as the next word: " + word.substring(0, 2) + " "
                    + word.substring(2) + ")";
        }
        StringBuilder split = new StringBuilder();
        for (int i = 1; i < word.length(); i++) {
            Use use = lookup("-" + word.charAt(i));
            if (use == null || use.option().takesValue()) {
                return message + " (options are not bundled and take their value as the next word)";
            }
            split.append(i > 1 ? " -" : "-").append(word.charAt(i));
        }
        return message + " (options are not bundled: write " + split + ")";
    }
}
