package io.dmon.spec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * dmon's option grammar: turns an optional {@code -C} file, {@code DMON_OPTIONS} and the command
 * line into a {@link JobSpec}, as DMon 0.6 does, for {@code dmon} and {@code dmonctl run}.
 *
 * <p>Order, as in DMon's code: the options of the {@code -C PATH} file first (only when
 * {@code -C}/{@code --config} is the very first command-line word), then those in
 * {@code DMON_OPTIONS}, then the command line. A later single value overrides an earlier one;
 * {@code -E}, {@code -r} and {@code -P} add up. Parsing stops at the first word that is not an option: that
 * word is the command, and every word after it belongs to the command ({@code dmon -n sh -c x -e} passes {@code -e} to sh), up to the first
 * {@code --}, after which comes the log command. A {@code --} before the command only ends the
 * options. {@code -h} stops parsing where it is read and asks for the help text; {@code -r help}
 * too, unless the caller prints the list of limits itself and parsing goes on, as in DMon.
 * Option syntax: see {@link OptionScanner} (no bundling, no attached values, {@code --no-FLAG}).
 *
 * <p>Where DMon is loose or silent, we decide:
 * <ul>
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
 *   <li>Beyond DMon, the {@code -C} file may also spell options as on the command line
 *       ({@code -1}, {@code --once}); see {@link DmonConfigFile}.</li>
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
        return parse(dmonOptionsEnv, argv, reader, null);
    }

    /**
     * Parses dmon's arguments the way DMon does {@code -r help}: {@code limitsHelp} runs where
     * the option is read (DMon prints the list there) and parsing goes on, so the job still runs,
     * or a later problem (no command) is still reported.
     *
     * @param limitsHelp what {@code -r help} does, or {@code null} to stop there and return
     *                   {@link ParsedArgs#limitsHelp()} ({@code dmonctl run}, which starts nothing then)
     * @see #parse(String, List, ConfigFileReader)
     */
    public ParsedArgs parse(String dmonOptionsEnv, List<String> argv, ConfigFileReader reader, Runnable limitsHelp)
            throws SpecException {
        SpecAccumulator spec = new SpecAccumulator();
        List<String> words = argv;
        // DMon's order: the -C file, then DMON_OPTIONS (which it prepends to the remaining words).
        if (!argv.isEmpty() && (argv.get(0).equals("-C") || argv.get(0).equals("--config"))) {
            if (argv.size() < 2) {
                throw new SpecException("option " + argv.get(0) + " needs a value");
            }
            for (OptionUse use : DmonConfigFile.parse(readConfig(reader, argv.get(1)), argv.get(1))) {
                ParsedArgs stop = stepResult(spec.apply(use), limitsHelp);
                if (stop != null) {
                    return stop;
                }
            }
            words = argv.subList(2, argv.size());
        }
        if (dmonOptionsEnv != null) {
            OptionScanner<DmonOption> env =
                    new OptionScanner<>(DmonOption.TABLE, ShellWords.split(dmonOptionsEnv, ENVIRONMENT), ENVIRONMENT);
            ParsedArgs stop = applyAll(env, ENVIRONMENT, spec, limitsHelp);
            if (stop != null) {
                return stop;
            }
            if (env.endedAtMarker() || !env.rest().isEmpty()) {
                String word = env.endedAtMarker() ? "--" : env.rest().get(0);
                throw new SpecException(ENVIRONMENT + ": '" + word + "' is not an option (" + ENVIRONMENT
                        + " may hold only options; the command goes on the command line)");
            }
        }
        OptionScanner<DmonOption> line = new OptionScanner<>(DmonOption.TABLE, words, "");
        ParsedArgs stop = applyAll(line, "", spec, limitsHelp);
        if (stop != null) {
            return stop;
        }
        return ParsedArgs.run(spec.finish(line.rest()));
    }

    private static ParsedArgs applyAll(OptionScanner<DmonOption> scanner, String where, SpecAccumulator spec,
                                       Runnable limitsHelp) throws SpecException {
        for (var use = scanner.next(); use != null; use = scanner.next()) {
            ParsedArgs stop = stepResult(spec.apply(
                    new OptionUse(use.option(), use.spelling(), use.value(), use.negated(), where)), limitsHelp);
            if (stop != null) {
                return stop;
            }
        }
        return null;
    }

    private static ParsedArgs stepResult(SpecAccumulator.Step step, Runnable limitsHelp) {
        return switch (step) {
            case CONTINUE -> null;
            case HELP -> ParsedArgs.help();
            case LIMITS_HELP -> {
                if (limitsHelp == null) {
                    yield ParsedArgs.limitsHelp();
                }
                limitsHelp.run();
                yield null;
            }
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
