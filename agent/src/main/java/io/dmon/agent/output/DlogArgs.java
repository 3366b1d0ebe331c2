package io.dmon.agent.output;

import io.dmon.spec.OptionScanner;
import io.dmon.spec.SpecException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * dlog's command line, option for option as DMon's: {@code dlog [options] [FILE]}, read by
 * {@link OptionScanner}. Values are checked by {@link #toOptions} and {@link #inputFd}.
 */
public final class DlogArgs {
    static final List<ToolOption> OPTIONS = AppendArgs.tableAfter(new ToolOption('p', "prefix", true));

    /** Every option the parser knows, each as {@code -x} and {@code --long} (what the man page must name). */
    public static List<String> optionSpellings() {
        return ToolArgs.spellings(OPTIONS);
    }

    /** {@code --help}. */
    public static final String USAGE = """
            Usage: dlog [options] [FILE]
            Appends each line of standard input to FILE, or writes it to standard output
            without FILE, as [TIMESTAMP ][PREFIX ]LINE. FILE is opened when the first line
            comes (created with mode 0666 before the umask). A last line without a newline
            gets one.
            Command line options:

            -p, --prefix TEXT
               Insert TEXT and a space between the timestamp and each line.

            -i, --input-fd FD
               Read from file descriptor FD instead of 0 (standard input).

            -b, --buffered
               Do not fsync FILE after each batch of lines read together (DMon: after
               each line). Standard output and non-regular files are never synced.

            -t, --timestamp
               Start each line with the time, YYYY-mm-dd/HH:MM:SS (UTC), and a space.

            -e, --skip-empty
               Drop empty lines (a line of spaces is not empty).

            -h, --help
               Print this help and exit.

            Option values are the next word (-p TEXT, not -pTEXT or --prefix=TEXT); flags
            are not bundled (-t -b, not -tb); --no-FLAG turns a flag off (--no-buffered).
            Options end at FILE or at '--'; words after FILE are ignored. The words of
            $DLOG_OPTIONS (shell-like) come before the command line's; a later option
            overrides an earlier one.

            HUP syncs and closes FILE, reopened by name on the next line (rotation by
            rename). INT, TERM and the end of input write what was read, sync and exit 0.
            Bad options, or a FILE that cannot be written: one line, exit status 1.
            """;

    private final AppendArgs appending = new AppendArgs();
    private String prefix;
    private String file;

    private DlogArgs() {
    }

    /**
     * Reads dlog's words (those of {@code $DLOG_OPTIONS} first, see {@link ToolArgs#withEnvironment}).
     *
     * @return the arguments, or empty when {@code -h}/{@code --help} was read (the words after it
     *     are not)
     * @throws SpecException an unknown option, a missing value: one line (words after FILE are ignored, as in DMon)
     */
    public static Optional<DlogArgs> parse(List<String> words) throws SpecException {
        DlogArgs args = new DlogArgs();
        return ToolArgs.read(OPTIONS, words, args::take, operand -> args.file = operand)
                ? Optional.of(args) : Optional.empty();
    }

    private void take(OptionScanner.Use<ToolOption> use) {
        if (appending.take(use)) {
            return;
        }
        switch (use.option().letter()) {
            case 'p' -> prefix = use.value();
            default -> throw new IllegalStateException("no case for " + use.option());
        }
    }

    /** The options, {@code FILE} resolved against {@code workDir} and checked to be writable. */
    public DlogOptions toOptions(Path workDir) throws SpecException {
        Path path = null;
        if (file != null) {
            path = ToolArgs.resolve(workDir, file);
            ToolArgs.checkWritableFile(path);
        }
        return new DlogOptions(path, appending.timestamp(), prefix, appending.skipEmpty(), appending.buffered());
    }

    /** The descriptor to read from ({@code -i}). */
    public int inputFd() throws SpecException {
        return appending.inputFd();
    }
}
