package io.dmon.cli.command;

import io.dmon.cli.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code KEY=VALUE} words of a repeatable option ({@code --label}, {@code --watch-label}). */
final class KeyValues {
    private KeyValues() {
    }

    /**
     * The pairs, in the order given.
     *
     * @param option the option's name, for messages
     * @throws CliException (usage) for a word without a key and '=', or a key given two values
     */
    static Map<String, String> parse(String option, List<String> words) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            String key = equals < 0 ? "" : word.substring(0, equals).trim();
            if (key.isEmpty()) {
                throw CliException.usage(option + ": '" + word + "' is not KEY=VALUE");
            }
            String value = word.substring(equals + 1).trim();
            String before = pairs.putIfAbsent(key, value);
            if (before != null && !before.equals(value)) {
                throw CliException.usage(option + ": " + key + " given twice (" + before + ", " + value + ")");
            }
        }
        return pairs;
    }
}
