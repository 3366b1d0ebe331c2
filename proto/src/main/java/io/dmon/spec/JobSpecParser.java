package io.dmon.spec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * dmon's option grammar: turns {@code DMON_OPTIONS}, an optional {@code -C} file and the command
 * line into a {@link JobSpec}, as DMon 0.6 does, for {@code dmon} and {@code dmonctl run}.
 *
 * <p>Order: the options in {@code DMON_OPTIONS} first, then those of the {@code -C PATH} file
 * (only when {@code -C}/{@code --config} is the very first command-line word), then the command
 * line. A later single value overrides an earlier one; {@code -E} and {@code -r} add up. Parsing
 * stops at the first word that is not an option: that word is the command, and every word after it
 * belongs to the command ({@code dmon -n sh -c x -e} passes {@code -e} to sh), up to the first
 * {@code --}, after which comes the log command. A {@code --} before the command only ends the
 * options. {@code -h} and {@code -r help} stop parsing where they are read and ask for a help text.
 * Option syntax: see {@link OptionScanner} (no bundling, no attached values, {@code --no-FLAG}).
 *
 * <p>Where DMon is loose or silent, we decide:
 * <ul>
 *   <li>DMon reads the {@code -C} file before {@code DMON_OPTIONS}; we read it after, as our
 *       specification says: the file overrides the environment, the command line overrides both.</li>
 *   <li>{@code DMON_OPTIONS} is split into shell-like words ({@link ShellWords}: backslash escapes
 *       and {@code #} comments, where DMon takes both literally) and may hold only options: DMon
 *       prepends its words to the command line, so a command there would swallow the real
 *       options; we refuse it.</li>
 *   <li>The {@code -C} file has DMon's own format, see {@link DmonConfigFile}.</li>
 *   <li>Refused although DMon takes them: a {@code -l} above {@code -L} (the command would be
 *       paused and resumed every second), negative loads (DMon: load watching off), {@code -m}
 *       below -1 (DMon: no limit), empty paths, an empty {@code -E} name, an empty group in
 *       {@code -u}/{@code -U} (DMon: group 0), trailing garbage after numbers (DMon reads
 *       {@code -m 5x} as 5), octal/hex numbers, an empty command word.</li>
 *   <li>{@code -r help} stops like {@code -h} (DMon prints the list and goes on parsing, then
 *       usually fails for want of a command).</li>
 *   <li>Kept from DMon: {@code -l 0} means "half of -L"; {@code -i 0 -1} is fine; a trailing
 *       {@code --} with nothing after it means no log command.</li>
 * </ul>
 */
public final class JobSpecParser {

    /** Where messages say a {@code DMON_OPTIONS} problem comes from. */
    static final String ENVIRONMENT = "DMON_OPTIONS";

    /**
     * Parses dmon's arguments, reading a {@code -C} file from the file system.
     *
     * @see #parse(String, List, ConfigFileReader)
     */
    public ParsedArgs parse(String dmonOptionsEnv, List<String> argv) throws SpecException {
        return parse(dmonOptionsEnv, argv, ConfigFileReader.fileSystem());
    }

    /**
     * Parses dmon's arguments.
     *
     * @param dmonOptionsEnv the value of {@code DMON_OPTIONS}, or {@code null} when it is not set
     * @param argv           the command-line words, without the program name
     * @param reader         reads the {@code -C} file
     * @return a job to run, or which help text to print
     * @throws SpecException with a one-line message naming the problem
     */
    public ParsedArgs parse(String dmonOptionsEnv, List<String> argv, ConfigFileReader reader)
            throws SpecException {
        SpecAccumulator spec = new SpecAccumulator();
        if (dmonOptionsEnv != null) {
            OptionScanner env = new OptionScanner(ShellWords.split(dmonOptionsEnv, ENVIRONMENT), ENVIRONMENT);
            ParsedArgs stop = applyAll(env, spec);
            if (stop != null) {
                return stop;
            }
            if (env.endedAtMarker() || !env.rest().isEmpty()) {
                String word = env.endedAtMarker() ? "--" : env.rest().get(0);
                throw new SpecException(ENVIRONMENT + ": '" + word + "' is not an option (" + ENVIRONMENT
                        + " may hold only options; the command goes on the command line)");
            }
        }
        List<String> words = argv;
        if (!argv.isEmpty() && (argv.get(0).equals("-C") || argv.get(0).equals("--config"))) {
            if (argv.size() < 2) {
                throw new SpecException("option " + argv.get(0) + " needs a value");
            }
            for (OptionUse use : DmonConfigFile.parse(readConfig(reader, argv.get(1)), argv.get(1))) {
                ParsedArgs stop = stepResult(spec.apply(use));
                if (stop != null) {
                    return stop;
                }
            }
            words = argv.subList(2, argv.size());
        }
        OptionScanner line = new OptionScanner(words, "");
        ParsedArgs stop = applyAll(line, spec);
        if (stop != null) {
            return stop;
        }
        return ParsedArgs.run(spec.finish(line.rest()));
    }

    private static ParsedArgs applyAll(OptionScanner scanner, SpecAccumulator spec) throws SpecException {
        for (OptionUse use = scanner.next(); use != null; use = scanner.next()) {
            ParsedArgs stop = stepResult(spec.apply(use));
            if (stop != null) {
                return stop;
            }
        }
        return null;
    }

    private static ParsedArgs stepResult(SpecAccumulator.Step step) {
        return switch (step) {
            case CONTINUE -> null;
            case HELP -> ParsedArgs.help();
            case LIMITS_HELP -> ParsedArgs.limitsHelp();
        };
    }

    private static String readConfig(ConfigFileReader reader, String path) throws SpecException {
        if (path.isEmpty()) {
            throw new SpecException("option -C: empty path");
        }
        try {
            return reader.read(path);
        } catch (IOException e) {
            throw new SpecException("cannot read config file '" + path + "': " + reason(e));
        }
    }

    /** An I/O failure in the words of strerror(3), which is what DMon prints. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse("");
    }
}
