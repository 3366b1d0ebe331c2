package io.dmon.agent.tools;

import io.dmon.agent.output.DlogArgs;
import io.dmon.agent.output.DlogOptions;
import io.dmon.agent.output.DlogSink;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code dlog [options] [FILE]}: appends the lines of its input to FILE, or to standard output. */
public final class DlogCommand implements LogToolMain.Tool<DlogArgs> {
    @Override
    public Optional<DlogArgs> parse(List<String> words) throws SpecException {
        return DlogArgs.parse(words);
    }

    @Override
    public void run(DlogArgs args) throws SpecException, IOException {
        DlogOptions options = args.toOptions(Path.of("").toAbsolutePath());
        LogPump.pump("dlog", args.inputFd(), new DlogSink(options));
    }

    public static void main(String[] argv) {
        System.exit(LogToolMain.run("dlog", "DLOG_OPTIONS", DlogArgs.USAGE, new DlogCommand(), argv));
    }
}
