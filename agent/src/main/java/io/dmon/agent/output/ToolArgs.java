package io.dmon.agent.output;

import io.dmon.spec.OptionScanner;
import io.dmon.spec.ShellWords;
import io.dmon.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the log tools' command lines share, whether they run as programs or inside dmon: the words
 * of {@code $DLOG_OPTIONS} (or DRLOG_, DSLOG_) first, then the given ones, read for
 * {@code XxxArgs.parse} by {@link #read} ({@link OptionScanner}); later options override earlier ones,
 * as in DMon. And the checks of their values.
 */
public final class ToolArgs {
    private ToolArgs() {
    }

    /** What a tool does with each of its own options as it is read (help is not one). */
    interface OptionTaker {
        void take(OptionScanner.Use<ToolOption> use);
    }

    /**
     * Reads a tool's words by its {@code table}: each option but help goes to {@code taker}, in
     * order, then the first word after the options (null when there is none) to {@code operand}.
     *
     * @return false when {@code -h}/{@code --help} was read: the words after it are not, and
     *     {@code operand} is not called
     * @throws SpecException an unknown option, a missing value: one line
     */
    static boolean read(List<ToolOption> table, List<String> words, OptionTaker taker, Consumer<String> operand)
            throws SpecException {
        OptionScanner<ToolOption> scanner = new OptionScanner<>(table, words, "");
        for (var use = scanner.next(); use != null; use = scanner.next()) {
            if (use.option().equals(ToolOption.HELP)) {
                return false;
            }
            taker.take(use);
        }
        operand.accept(scanner.operand());
        return true;
    }

    /** The words of {@code env[variable]} (split like a shell would), followed by {@code words}. */
    public static List<String> withEnvironment(String variable, Map<String, String> env, List<String> words)
            throws SpecException {
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return words;
        }
        List<String> all = new ArrayList<>(ShellWords.split(text, variable));
        all.addAll(words);
        return all;
    }

    /** A descriptor number for {@code -i}. */
    static int descriptor(String option, String text) throws SpecException {
        return nonNegative(option, text, "descriptor");
    }

    /** A whole number of zero or more. */
    static int nonNegative(String option, String text, String what) throws SpecException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpecException("option " + option + ": bad " + what + " '" + text + "'");
    }

    /** {@code path} against {@code workDir}, as the program would see it after dmon's {@code -W}. */
    static Path resolve(Path workDir, String path) {
        return workDir.resolve(path).normalize();
    }

    /** Refuses a directory, or a path whose directory does not exist, before anything is written. */
    static void checkWritableFile(Path file) throws SpecException {
        if (Files.isDirectory(file)) {
            throw new SpecException("cannot open '" + file + "': Is a directory");
        }
        if (Files.exists(file)) {
            if (!Files.isWritable(file)) {
                throw new SpecException("cannot open '" + file + "': Permission denied");
            }
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new SpecException("cannot open '" + file + "': No such file or directory");
        }
        if (!Files.isWritable(parent)) {
            throw new SpecException("cannot open '" + file + "': Permission denied");
        }
    }

    /** Refuses a log directory that is a file, or that is missing and cannot be created. */
    static void checkLogDirectory(Path dir) throws SpecException {
        if (Files.isDirectory(dir)) {
            if (!Files.isWritable(dir)) {
                throw new SpecException("cannot write to log directory '" + dir + "': Permission denied");
            }
            return;
        }
        if (Files.exists(dir)) {
            throw new SpecException("output path is not a directory: " + dir);
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new SpecException("output directory does not exist, nor does its parent: " + dir);
        }
        if (!Files.isWritable(parent)) {
            throw new SpecException("cannot create log directory '" + dir + "': Permission denied");
        }
    }

    /** {@code -x} and {@code --long} of every option of {@code table}, in its order. */
    static List<String> spellings(List<ToolOption> table) {
        List<String> out = new ArrayList<>();
        for (ToolOption option : table) {
            out.add("-" + option.letter());
            out.add("--" + option.longName());
        }
        return out;
    }
}
