package io.dmon.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus text exposition format (0.0.4) read back, as a scraper reads it: samples with
 * their labels, and the {@code # TYPE} of each family. Anything it cannot read fails the test.
 */
final class PromText {
    record Sample(String name, Map<String, String> labels, double value) { }

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new LinkedHashMap<>();

    static PromText parse(String text) {
        PromText parsed = new PromText();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] words = line.substring(7).split(" ");
                parsed.types.put(words[0], words[1]);
            } else if (!line.startsWith("#")) {
                parsed.samples.add(sample(line));
            }
        }
        return parsed;
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (line.charAt(eq + 1) != '"') {
                    throw new AssertionError("label value not quoted: " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        return new Sample(name, labels, switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        });
    }

    /** The samples of {@code name} whose labels include all of {@code match} (name, value pairs). */
    List<Sample> find(String name, String... match) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), match)) {
                found.add(s);
            }
        }
        return found;
    }

    /** The one sample of {@code name} with these labels. */
    Optional<Double> value(String name, String... match) {
        List<Sample> found = find(name, match);
        if (found.size() > 1) {
            throw new AssertionError("more than one " + name + " with " + List.of(match) + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    private static boolean matches(Map<String, String> labels, String... match) {
        for (int k = 0; k + 1 < match.length; k += 2) {
            if (!match[k + 1].equals(labels.get(match[k]))) {
                return false;
            }
        }
        return true;
    }
}
