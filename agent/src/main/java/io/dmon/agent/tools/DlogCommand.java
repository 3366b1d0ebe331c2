package io.dmon.agent.tools;

import io.dmon.agent.output.DlogArgs;
import io.dmon.agent.output.DlogOptions;
import io.dmon.agent.output.DlogSink;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dlog [options] [FILE]}: appends the lines of its input to FILE, or to standard output. */
@Command(name = "dlog", sortOptions = false,
        description = {"Send lines from standard input to a log file (or standard output), "
                + "each as [TIMESTAMP ][PREFIX ]LINE.",
                "Options are read from $DLOG_OPTIONS first. HUP reopens the file; INT and TERM sync and exit."})
public final class DlogCommand implements Callable<Integer> {
    @Mixin
    DlogArgs args = new DlogArgs();

    @Override
    public Integer call() throws Exception {
        DlogOptions options = args.toOptions(Path.of("").toAbsolutePath());
        FileInputStream in = LogPump.input(args.inputFd());
        LogPump pump = new LogPump("dlog", in, new DlogSink(options));
        pump.handleSignals();
        pump.run();
        return 0;
    }

    public static void main(String[] argv) {
        DlogCommand command = new DlogCommand();
        System.exit(LogToolMain.run("dlog", "DLOG_OPTIONS", command, command.args, argv));
    }
}
