package io.dmon.spec;

import java.util.List;

/**
 * Reads options from command-line words one at a time, the way DMon's cflag parser does, and
 * stops at the first word that is not an option.
 *
 * <ul>
 *   <li>{@code -X}: exactly a dash and one letter. Short options are not bundled and take no
 *       attached value: cflag does not know {@code -ne} or {@code -L4.0} either (it would take
 *       such a word for the command, which can never be run); we refuse it with a hint.</li>
 *   <li>{@code --name}: a long option; {@code --no-name} turns the flag {@code name} off (cflag's
 *       negation, handy to override {@code DMON_OPTIONS}). There is no {@code --name=value}:
 *       cflag does not have it, and we refuse it with a hint.</li>
 *   <li>An option's value is the next word, whatever it looks like ({@code -m -1} works).</li>
 *   <li>{@code --} ends the options; the words after it start with the command. (In DMon a
 *       {@code --} before any command leaves the command empty, which is an error there.)</li>
 *   <li>Any other word ({@code -} alone included) is the command; it and every word after it
 *       are left in {@link #rest()}.</li>
 * </ul>
 */
final class OptionScanner {
    private final List<String> words;
    private final String where;
    private int next;
    private boolean endMarker;

    /**
     * @param words the words to read
     * @param where prefix for messages ({@code DMON_OPTIONS}), or empty for the command line
     */
    OptionScanner(List<String> words, String where) {
        this.words = words;
        this.where = where;
    }

    /**
     * The next option, or {@code null} when the options are over: the words ran out, or
     * {@code --} or a non-option word was reached.
     *
     * @throws SpecException for an unknown option or a missing value
     */
    OptionUse next() throws SpecException {
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
        Named named = lookup(word);
        if (named == null) {
            throw problem(unknownOption(word));
        }
        next++;
        String value = null;
        if (named.option().takesValue()) {
            if (next >= words.size()) {
                throw problem("option " + word + " needs a value");
            }
            value = words.get(next++);
        }
        return new OptionUse(named.option(), word, value, named.negated(), where);
    }

    /** An option a word names, and whether it was named as {@code --no-NAME}. */
    record Named(DmonOption option, boolean negated) {
    }

    /**
     * The option a word in command-line spelling names ({@code -L}, {@code --load-high},
     * {@code --no-once}), or {@code null} when it names none.
     */
    static Named lookup(String word) {
        if (word.startsWith("--")) {
            String name = word.substring(2);
            var option = DmonOption.byLongName(name);
            if (option.isPresent()) {
                return new Named(option.get(), false);
            }
            if (name.startsWith("no-")) {
                return DmonOption.byLongName(name.substring(3)).filter(DmonOption::negatable)
                        .map(negated -> new Named(negated, true)).orElse(null);
            }
            return null;
        }
        if (word.length() == 2 && word.charAt(0) == '-') {
            return DmonOption.byLetter(word.charAt(1)).map(option -> new Named(option, false)).orElse(null);
        }
        return null;
    }

    /** The message for a word that looks like an option but names none, with a hint when it helps. */
    static String unknownOption(String word) {
        int equals = word.indexOf('=');
        if (word.startsWith("--") && equals > 2 && lookup(word.substring(0, equals)) != null) {
            return "unknown option '" + word + "' (give the value as the next word: "
                    + word.substring(0, equals) + " " + word.substring(equals + 1) + ")";
        }
        if (word.startsWith("-") && !word.startsWith("--") && word.length() > 2) {
            return "unknown option '" + word + "' (options are not bundled and take their value"
                    + " as the next word: write -n -e, -L 4.0)";
        }
        return "unknown option '" + word + "'";
    }

    /** True when the options ended at a {@code --} rather than at a non-option word or the end. */
    boolean endedAtMarker() {
        return endMarker;
    }

    /** The words after the options: the command, its arguments, maybe {@code --} and a log command. */
    List<String> rest() {
        return words.subList(next, words.size());
    }

    private SpecException problem(String message) {
        return new SpecException(where.isEmpty() ? message : where + ": " + message);
    }
}
