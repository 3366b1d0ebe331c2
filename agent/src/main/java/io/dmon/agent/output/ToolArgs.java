package io.dmon.agent.output;

import io.dmon.spec.ShellWords;
import io.dmon.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The option parsing the log tools share, whether they run as programs or inside dmon: the words
 * of {@code $DLOG_OPTIONS} (or DRLOG_, DSLOG_) first, then the given ones, parsed by picocli into
 * an {@code XxxArgs} object. Later options override earlier ones, as in DMon.
 */
public final class ToolArgs {
    private ToolArgs() {
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

    /**
     * Fills {@code args} (a {@code DlogArgs}, {@code DrlogArgs} or {@code DslogArgs}) from {@code words}.
     *
     * @return false when {@code -h}/{@code --help} was given (nothing else is checked then)
     * @throws SpecException an unknown option, a missing value, a stray word: a one-line message
     */
    public static boolean parse(Object args, List<String> words) throws SpecException {
        CommandLine cl = new CommandLine(args);
        cl.setExpandAtFiles(false);
        cl.setOverwrittenOptionsAllowed(true);
        try {
            ParseResult result = cl.parseArgs(words.toArray(new String[0]));
            return !result.isUsageHelpRequested();
        } catch (ParameterException e) {
            throw new SpecException(oneLine(e.getMessage()));
        }
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

    private static String oneLine(String message) {
        String text = message == null ? "bad arguments" : message.strip();
        return text.replaceAll("\\s*\\R\\s*", "; ");
    }
}
