package io.dmon.agent.tools;

import io.dmon.agent.output.DrlogArgs;
import io.dmon.agent.output.DrlogOptions;
import io.dmon.agent.output.DrlogSink;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code drlog [options] DIR}: appends the lines of its input to DIR/current, rotating it. */
@Command(name = "drlog", sortOptions = false,
        description = {"Read lines from standard input and append them to DIR/current, rotated to "
                + "DIR/log-YYYY-mm-dd-HH:MM:SS by size or age.",
                "Options are read from $DRLOG_OPTIONS first. HUP reopens current; INT and TERM sync and exit."})
public final class DrlogCommand implements Callable<Integer> {
    @Mixin
    DrlogArgs args = new DrlogArgs();

    @Override
    public Integer call() throws Exception {
        DrlogOptions options = args.toOptions(Path.of("").toAbsolutePath());
        FileInputStream in = LogPump.input(args.inputFd());
        LogPump pump = new LogPump("drlog", in, new DrlogSink(options));
        pump.handleSignals();
        pump.run();
        return 0;
    }

    public static void main(String[] argv) {
        DrlogCommand command = new DrlogCommand();
        System.exit(LogToolMain.run("drlog", "DRLOG_OPTIONS", command, command.args, argv));
    }
}
