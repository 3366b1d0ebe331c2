package io.dmon.agent.output;

import io.dmon.spec.SizeValue;
import io.dmon.spec.SpecException;
import io.dmon.spec.TimeValue;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** drlog's command line, option for option as DMon's: {@code drlog [options] DIR}. */
public final class DrlogArgs {
    @Option(names = {"-m", "--max-files"}, paramLabel = "NUM",
            description = "Maximum number of rotated log files to keep (default: 10).")
    String maxFiles;

    @Option(names = {"-T", "--max-time"}, paramLabel = "TIME",
            description = "Maximum time to use a log file (suffixes: m, h, d, w, M, y; default: 5d).")
    String maxTime;

    @Option(names = {"-s", "--max-size"}, paramLabel = "SIZE",
            description = "Maximum size of each log file (suffixes: k, m, g; default: 150k).")
    String maxSize;

    @Option(names = {"-i", "--input-fd"}, paramLabel = "FD",
            description = "File descriptor to read input from (default: 0, standard input).")
    String inputFd;

    @Option(names = {"-b", "--buffered"},
            description = "Buffered operation: do not fsync the file after each batch of lines.")
    boolean buffered;

    @Option(names = {"-t", "--timestamp"},
            description = "Prepend a timestamp in YYYY-mm-dd/HH:MM:SS format (UTC) to each line.")
    boolean timestamp;

    @Option(names = {"-e", "--skip-empty"}, description = "Ignore empty lines (a line of blanks is not empty).")
    boolean skipEmpty;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "Log directory: DIR/current, DIR/log-YYYY-mm-dd-HH:MM:SS (created when its parent exists).")
    String dir;

    /** The options, {@code DIR} resolved against {@code workDir} and checked. */
    public DrlogOptions toOptions(Path workDir) throws SpecException {
        if (dir == null) {
            throw new SpecException("no log directory path was specified");
        }
        long size = maxSize == null ? DrlogOptions.DEFAULT_MAX_SIZE : SizeValue.parseBytes("-s", maxSize);
        long time = maxTime == null ? DrlogOptions.DEFAULT_MAX_TIME : TimeValue.parseSecondsWithMonths("-T", maxTime);
        int files = maxFiles == null ? DrlogOptions.DEFAULT_MAX_FILES
                : ToolArgs.nonNegative("-m", maxFiles, "number of files");
        Path path = ToolArgs.resolve(workDir, dir);
        ToolArgs.checkLogDirectory(path);
        return new DrlogOptions(path, size, time, files, timestamp, skipEmpty, buffered);
    }

    /** The descriptor to read from ({@code -i}). */
    public int inputFd() throws SpecException {
        return inputFd == null ? 0 : ToolArgs.descriptor("-i", inputFd);
    }
}
