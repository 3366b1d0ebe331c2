package io.dmon.agent.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -f FILE}: {@code NAME=VALUE} lines, loosely environment.d(5). Each line is trimmed at
 * both ends; blank lines and lines starting with {@code #} are skipped. {@code NAME=} removes
 * the variable, and so does a bare {@code NAME} (the reading {@code -E NAME} has). No
 * {@code $VAR} expansion, no quotes, no inline comments: the rest of the line is the value.
 *
 * <p>Where DMon 0.6's code differs from its manual we follow the manual: DMon keeps trailing
 * whitespace (its trim loop starts at the terminating NUL), drops a last line that has no
 * newline, and aborts on an assertion for a line without {@code =}.
 */
final class EnvFile {
    private EnvFile() {
    }

    /** The steps, one per assignment line, in file order. */
    static List<EnvStep> read(Path file) throws DenvException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DenvException.io("Cannot open '" + file + "'", e);
        }
        return parse(text, file.toString());
    }

    /** Parses the text of a file; {@code source} names it in error messages. */
    static List<EnvStep> parse(String text, String source) throws DenvException {
        List<EnvStep> steps = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = EnvText.trim(raw);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            if (name.isEmpty()) {
                throw new DenvException("Missing variable name in '" + source + "' line " + lineNo + ".");
            }
            String value = eq < 0 ? "" : line.substring(eq + 1);
            steps.add(value.isEmpty() ? new EnvStep.Remove(name) : new EnvStep.Assign(name, value));
        }
        return steps;
    }
}
