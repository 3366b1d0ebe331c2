package io.dmon.agent.output;

import io.dmon.spec.SpecException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** dlog's command line, option for option as DMon's: {@code dlog [options] [FILE]}. */
public final class DlogArgs {
    @Option(names = {"-p", "--prefix"}, paramLabel = "TEXT",
            description = "Insert TEXT (and a space) between the timestamp and each logged line.")
    String prefix;

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

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "File to append to, created when missing (default: standard output).")
    String file;

    /** The options, {@code FILE} resolved against {@code workDir} and checked to be writable. */
    public DlogOptions toOptions(Path workDir) throws SpecException {
        Path path = null;
        if (file != null) {
            path = ToolArgs.resolve(workDir, file);
            ToolArgs.checkWritableFile(path);
        }
        return new DlogOptions(path, timestamp, prefix, skipEmpty, buffered);
    }

    /** The descriptor to read from ({@code -i}). */
    public int inputFd() throws SpecException {
        return inputFd == null ? 0 : ToolArgs.descriptor("-i", inputFd);
    }
}
