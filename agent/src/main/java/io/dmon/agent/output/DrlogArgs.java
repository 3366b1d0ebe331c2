package io.dmon.agent.output;

import io.dmon.spec.SizeValue;
import io.dmon.spec.OptionScanner;
import io.dmon.spec.SpecException;
import io.dmon.spec.TimeValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * drlog's command line, option for option as DMon's: {@code drlog [options] DIR}, read by
 * {@link OptionScanner}. Values are checked by {@link #toOptions} and {@link #inputFd}.
 */
public final class DrlogArgs {
    static final List<ToolOption> OPTIONS = AppendArgs.tableAfter(
            new ToolOption('m', "max-files", true),
            new ToolOption('T', "max-time", true),
            new ToolOption('s', "max-size", true));

    /** Every option the parser knows, each as {@code -x} and {@code --long} (what the man page must name). */
    public static List<String> optionSpellings() {
        return ToolArgs.spellings(OPTIONS);
    }

    /** {@code --help}. */
    public static final String USAGE = """
            Usage: drlog [options] DIR
            Appends each line of standard input to DIR/current (mode 0640), and rotates it
            to DIR/log-YYYY-mm-dd-HH:MM:SS (UTC) when it grows to -s bytes or its -T period
            is over; the time current was started is kept in DIR/.timestamp. DIR is
            created (mode 0750) when its parent exists. A second rotation within the same
            second adds .000001, .000002... to the name (DMon overwrites the first one).
            A last line without a newline gets one.
            Command line options:

            -m, --max-files NUM
               Keep at most NUM rotated files, deleting the oldest (default: 10; 0
               keeps one, as in DMon).

            -T, --max-time TIME
               Rotate current once its period of TIME is over: seconds, or a number with
               a suffix s, m, h, d, w, M (30 days) or y (365 days) (default: 5d). Periods
               start at multiples of TIME since the epoch, as in DMon.

            -s, --max-size SIZE
               Rotate current once it holds SIZE bytes: a number, or with a suffix k, m
               or g (default: 150k). -s 0 or -T 0 turns rotation off, as in DMon.

            -i, --input-fd FD
               Read from file descriptor FD instead of 0 (standard input).

            -b, --buffered
               Do not fsync current after each batch of lines read together (DMon: after
               each line).

            -t, --timestamp
               Start each line with the time, YYYY-mm-dd/HH:MM:SS (UTC), and a space.

            -e, --skip-empty
               Drop empty lines (a line of spaces is not empty).

            -h, --help
               Print this help and exit.

            Option values are the next word (-s 1m, not -s1m or --max-size=1m); flags are
            not bundled (-t -b, not -tb); --no-FLAG turns a flag off (--no-buffered).
            Options end at DIR or at '--'; words after DIR are ignored. The words of
            $DRLOG_OPTIONS (shell-like) come before the command line's; a later option
            overrides an earlier one.

            HUP syncs and closes current, reopened on the next line. INT, TERM and the
            end of input write what was read, sync and exit 0. Bad options, or a DIR that
            cannot be written or created: one line, exit status 1.
            """;

    private final AppendArgs appending = new AppendArgs();
    private String maxFiles;
    private String maxTime;
    private String maxSize;
    private String dir;

    private DrlogArgs() {
    }

    /**
     * Reads drlog's words (those of {@code $DRLOG_OPTIONS} first, see {@link ToolArgs#withEnvironment}).
     *
     * @return the arguments, or empty when {@code -h}/{@code --help} was read (the words after it
     *     are not)
     * @throws SpecException an unknown option, a missing value: one line (words after DIR are ignored, as in DMon)
     */
    public static Optional<DrlogArgs> parse(List<String> words) throws SpecException {
        DrlogArgs args = new DrlogArgs();
        return ToolArgs.read(OPTIONS, words, args::take, operand -> args.dir = operand)
                ? Optional.of(args) : Optional.empty();
    }

    private void take(OptionScanner.Use<ToolOption> use) {
        if (appending.take(use)) {
            return;
        }
        switch (use.option().letter()) {
            case 'm' -> maxFiles = use.value();
            case 'T' -> maxTime = use.value();
            case 's' -> maxSize = use.value();
            default -> throw new IllegalStateException("no case for " + use.option());
        }
    }

    /** The options, {@code DIR} resolved against {@code workDir} and checked. */
    public DrlogOptions toOptions(Path workDir) throws SpecException {
        if (dir == null) {
            throw new SpecException("no log directory path was specified");
        }
        long size = maxSize == null ? DrlogOptions.DEFAULT_MAX_SIZE : SizeValue.parseBytes("-s", maxSize);
        long time = maxTime == null ? DrlogOptions.DEFAULT_MAX_TIME : TimeValue.parseSeconds("-T", maxTime);
        int files = maxFiles == null ? DrlogOptions.DEFAULT_MAX_FILES
                : ToolArgs.nonNegative("-m", maxFiles, "number of files");
        Path path = ToolArgs.resolve(workDir, dir);
        ToolArgs.checkLogDirectory(path);
        return new DrlogOptions(path, size, time, files, appending.timestamp(), appending.skipEmpty(),
                appending.buffered());
    }

    /** The descriptor to read from ({@code -i}). */
    public int inputFd() throws SpecException {
        return appending.inputFd();
    }
}
