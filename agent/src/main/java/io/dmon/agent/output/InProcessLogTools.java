package io.dmon.agent.output;

import io.dmon.agent.process.Posix;
import io.dmon.spec.SpecException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lets dmon run its log command in its own JVM when that command is {@code dlog}, {@code drlog}
 * or {@code dslog}: the words are parsed exactly as the program parses them (same
 * {@code XxxArgs.parse}, its {@code *_OPTIONS} variable first), and the sink writes the same bytes
 * the program would.
 *
 * <p>{@code -i FD} means nothing here (dmon hands the lines over directly): it is checked, then ignored. A
 * command asking for {@code --help} is left to the real program.
 */
public final class InProcessLogTools {
    private InProcessLogTools() {
    }

    /**
     * The sink for {@code logCommand} when its first word names dlog, drlog or dslog (any
     * directory); empty for any other command.
     *
     * @param workDir what relative paths are relative to (the log command's working directory)
     * @param env the log command's environment: {@code DLOG_OPTIONS}, {@code DRLOG_OPTIONS},
     *     {@code DSLOG_OPTIONS}, {@code DSLOG_SOCKET}
     * @param posix what dslog's sink sends its datagrams through
     * @throws SpecException bad options, or a file or directory that cannot be written; the
     *     message starts with the tool's name, as the program would print it
     */
    public static Optional<LineSink> open(List<String> logCommand, Path workDir, Map<String, String> env, Posix posix)
            throws SpecException {
        if (logCommand.isEmpty()) {
            return Optional.empty();
        }
        Path program = Path.of(logCommand.get(0)).getFileName();
        if (program == null) {
            return Optional.empty();
        }
        String tool = program.toString();
        List<String> words = logCommand.subList(1, logCommand.size());
        try {
            switch (tool) {
                case "dlog": {
                    Optional<DlogArgs> args = DlogArgs.parse(ToolArgs.withEnvironment("DLOG_OPTIONS", env, words));
                    if (args.isEmpty()) {
                        return Optional.empty();
                    }
                    args.get().inputFd(); // checked like the program does, then ignored
                    return Optional.of(new DlogSink(args.get().toOptions(workDir)));
                }
                case "drlog": {
                    Optional<DrlogArgs> args = DrlogArgs.parse(ToolArgs.withEnvironment("DRLOG_OPTIONS", env, words));
                    if (args.isEmpty()) {
                        return Optional.empty();
                    }
                    args.get().inputFd(); // checked like the program does, then ignored
                    return Optional.of(new DrlogSink(args.get().toOptions(workDir)));
                }
                case "dslog": {
                    Optional<DslogArgs> args = DslogArgs.parse(ToolArgs.withEnvironment("DSLOG_OPTIONS", env, words));
                    if (args.isEmpty()) {
                        return Optional.empty();
                    }
                    args.get().inputFd(); // checked like the program does, then ignored
                    return Optional.of(new DslogSink(args.get().toOptions(), UnixSyslogTransport.fromEnvironment(env, posix)));
                }
                default:
                    return Optional.empty();
            }
        } catch (SpecException e) {
            throw new SpecException(tool + ": " + e.getMessage());
        }
    }
}
