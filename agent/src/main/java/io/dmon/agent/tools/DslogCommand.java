package io.dmon.agent.tools;

import io.dmon.agent.output.DslogArgs;
import io.dmon.agent.output.DslogOptions;
import io.dmon.agent.output.DslogSink;
import io.dmon.agent.output.UnixSyslogTransport;
import java.io.FileInputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dslog [options] NAME}: sends the lines of its input to the system logger as NAME. */
@Command(name = "dslog", sortOptions = false,
        description = {"Send lines from standard input to the system logger (/dev/log, or $DSLOG_SOCKET).",
                "Options are read from $DSLOG_OPTIONS first. INT and TERM exit after the lines read so far."})
public final class DslogCommand implements Callable<Integer> {
    @Mixin
    DslogArgs args = new DslogArgs();

    @Override
    public Integer call() throws Exception {
        DslogOptions options = args.toOptions();
        FileInputStream in = LogPump.input(args.inputFd());
        DslogSink sink = new DslogSink(options, UnixSyslogTransport.fromEnvironment(System.getenv()));
        LogPump pump = new LogPump("dslog", in, sink);
        pump.handleSignals();
        pump.run();
        return 0;
    }

    public static void main(String[] argv) {
        DslogCommand command = new DslogCommand();
        System.exit(LogToolMain.run("dslog", "DSLOG_OPTIONS", command, command.args, argv));
    }
}
