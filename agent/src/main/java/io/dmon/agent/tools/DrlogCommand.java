package io.dmon.agent.tools;

import io.dmon.agent.output.DrlogArgs;
import io.dmon.agent.output.DrlogOptions;
import io.dmon.agent.output.DrlogSink;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code drlog [options] DIR}: appends the lines of its input to DIR/current, rotating it. */
public final class DrlogCommand implements LogToolMain.Tool<DrlogArgs> {
    @Override
    public Optional<DrlogArgs> parse(List<String> words) throws SpecException {
        return DrlogArgs.parse(words);
    }

    @Override
    public void run(DrlogArgs args) throws SpecException, IOException {
        DrlogOptions options = args.toOptions(Path.of("").toAbsolutePath());
        LogPump.pump("drlog", args.inputFd(), new DrlogSink(options));
    }

    public static void main(String[] argv) {
        System.exit(LogToolMain.run("drlog", "DRLOG_OPTIONS", DrlogArgs.USAGE, new DrlogCommand(), argv));
    }
}
