package io.dmon.spec;

import java.util.List;

/**
 * Reads options from command-line words one at a time by DMon's cflag rules, from a table of
 * options, and stops at the first word that is not an option. The one grammar of {@code dmon},
 * {@code dmonctl run} and the log tools ({@code dlog}, {@code drlog}, {@code dslog}).
 *
 * <ul>
 *   <li>{@code -X}: exactly a dash and one letter; {@code --name}: a long name. An option's value
 *       is the next word, whatever it looks like ({@code -m -1}, {@code -p -x}).</li>
 *   <li>{@code --no-name} turns the flag {@code name} off again (cflag's negation), handy to
 *       override {@code DMON_OPTIONS} or a tool's {@code *_OPTIONS}.</li>
 *   <li>No bundling ({@code -ne}), no attached value ({@code -L4.0}), no {@code --name=value}:
 *       refused with a hint. cflag has none of them either; it would take such a word for the
 *       command or the operand, which is far likelier a slip. {@code ./-ne} or {@code -- -ne}
 *       still name such a file.</li>
 *   <li>{@code --} ends the options; any other word ({@code -} alone included) starts the rest
 *       (the command, or a tool's operand), left in {@link #rest()}. (In DMon a {@code --}
 *       before any command leaves the command empty, which is an error there.)</li>
 * </ul>
 *
 * <p>Hand-written rather than picocli: dmon runs the log tools in its own JVM, and picocli with
 * what its converters load (regex, reflection, java.time, java.sql) was 470 of the 1,236 classes
 * {@code dmon -n -1 true -- dlog FILE} loaded and 5 MB of the 38 MB a sleeping dmon kept resident.
 *
 * @param <O> the table's option type
 */
public final class OptionScanner<O extends OptionScanner.Option> {
    /** One option of a table. */
    public interface Option {
        /** Its short name, {@code -letter}. */
        char letter();

        /** Its long name, {@code --longName}. */
        String longName();

        /** True when the next word is its value, false for a flag. */
        boolean takesValue();

        /** True for a flag that {@code --no-NAME} can turn off. */
        boolean negatable();
    }

    /**
     * One option as read.
     *
     * @param option   which option
     * @param spelling how it was written ({@code -L}, {@code --load-high}), for messages
     * @param value    its value word, or null for a flag
     * @param negated  true for a flag written {@code --no-NAME}: it is turned off
     */
    public record Use<O>(O option, String spelling, String value, boolean negated) {
    }

    /** An option a word names, and whether it was named as {@code --no-NAME}. */
    record Named<O>(O option, boolean negated) {
    }

    private final List<O> table;
    private final List<String> words;
    private final String where;
    private int next;
    private boolean endMarker;

    /**
     * @param table the options there are
     * @param words the words to read
     * @param where prefix for messages ({@code DMON_OPTIONS}), or empty
     */
    public OptionScanner(List<O> table, List<String> words, String where) {
        this.table = table;
        this.words = words;
        this.where = where;
    }

    /**
     * The next option, or {@code null} when the options are over: the words ran out, or
     * {@code --} or a non-option word was reached.
     *
     * @throws SpecException an unknown option or a missing value, in one line
     */
    public Use<O> next() throws SpecException {
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
        Named<O> named = lookup(table, word);
        if (named == null) {
            throw problem(unknownOption(table, word));
        }
        next++;
        String value = null;
        if (named.option().takesValue()) {
            if (next >= words.size()) {
                throw problem("option " + word + " needs a value");
            }
            value = words.get(next++);
        }
        return new Use<>(named.option(), word, value, named.negated());
    }

    /** True when the options ended at a {@code --} rather than at a non-option word or the end. */
    public boolean endedAtMarker() {
        return endMarker;
    }

    /** The words after the options: dmon's command and what follows it, a tool's operand. */
    public List<String> rest() {
        return words.subList(next, words.size());
    }

    /**
     * The first word after the options, or null when there is none: a tool's operand. Words
     * after it are ignored, as DMon's tools ignore them ({@code dlog FILE EXTRA} logs to FILE).
     */
    public String operand() {
        return next < words.size() ? words.get(next) : null;
    }

    /**
     * The option a word in command-line spelling names ({@code -L}, {@code --load-high},
     * {@code --no-once}), or {@code null} when it names none.
     */
    static <O extends Option> Named<O> lookup(List<O> table, String word) {
        if (word.length() == 2 && word.charAt(0) == '-' && word.charAt(1) != '-') {
            for (O option : table) {
                if (option.letter() == word.charAt(1)) {
                    return new Named<>(option, false);
                }
            }
            return null;
        }
        if (word.length() > 2 && word.startsWith("--")) {
            String name = word.substring(2);
            for (O option : table) {
                if (option.longName().equals(name)) {
                    return new Named<>(option, false);
                }
            }
            if (name.startsWith("no-")) {
                for (O option : table) {
                    if (option.negatable() && option.longName().equals(name.substring(3))) {
                        return new Named<>(option, true);
                    }
                }
            }
        }
        return null;
    }

    /** The message for a word that names no option, with a hint when one helps. */
    static <O extends Option> String unknownOption(List<O> table, String word) {
        String message = "unknown option '" + word + "'";
        int equals = word.indexOf('=');
        if (word.startsWith("--") && equals > 2) {
            String name = word.substring(0, equals);
            Named<O> named = lookup(table, name);
            if (named != null && named.option().takesValue()) {
                String value = word.substring(equals + 1);
                return message + " (give the value as the next word: " + name + " "
                        + (value.isEmpty() ? "''" : value) + ")";
            }
            if (named != null) {
                return message + " (" + name + " takes no value)";
            }
            return message;
        }
        if (!word.startsWith("-") || word.startsWith("--") || word.length() <= 2) {
            return message;
        }
        Named<O> first = lookup(table, word.substring(0, 2));
        if (first != null && first.option().takesValue()) {
            return message + " (give the value as the next word: " + word.substring(0, 2) + " "
                    + word.substring(2) + ")";
        }
        StringBuilder split = new StringBuilder();
        for (int i = 1; i < word.length(); i++) {
            Named<O> named = lookup(table, "-" + word.charAt(i));
            if (named == null || named.option().takesValue()) {
                return message + " (options are not bundled and take their value as the next word)";
            }
            split.append(i > 1 ? " -" : "-").append(word.charAt(i));
        }
        return message + " (options are not bundled: write " + split + ")";
    }

    private SpecException problem(String message) {
        return new SpecException(where.isEmpty() ? message : where + ": " + message);
    }
}
