package io.dmon.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits option text ({@code DMON_OPTIONS}, {@code DLOG_OPTIONS}) into words the way a shell
 * would for plain words: blanks separate words, single quotes keep everything literally, double
 * quotes keep blanks and honour backslash escapes, a backslash outside quotes escapes the next
 * character, and {@code #} at the start of a word comments out the rest of the line.
 *
 * <p>DMon's own splitter is simpler: only blanks and both kinds of quotes count, a backslash and
 * {@code #} are ordinary characters, {@code ''} makes no word and an unclosed quote runs to the
 * end. Text that a shell and DMon read alike (the usual case) gives the same words here. dmon's
 * {@code -C} file has a format of its own, not this one: see {@code DmonConfigFile}.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /**
     * @param source the text to split
     * @param origin where the text comes from ({@code DMON_OPTIONS}), to start messages with
     * @return the words, in order; none for blank text
     * @throws SpecException for an unclosed quote or a backslash at the very end
     */
    public static List<String> split(String source, String origin) throws SpecException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'') {
                int close = source.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new SpecException(origin + ": unterminated single quote");
                }
                word.append(source, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = source.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "\"\\$`\n".indexOf(source.charAt(i + 1)) >= 0) {
                        if (source.charAt(i + 1) != '\n') {
                            word.append(source.charAt(i + 1));
                        }
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new SpecException(origin + ": unterminated double quote");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new SpecException(origin + ": backslash at the end of the text");
                }
                if (source.charAt(i + 1) != '\n') {
                    word.append(source.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
