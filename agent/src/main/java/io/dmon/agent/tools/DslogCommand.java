package io.dmon.agent.tools;

import io.dmon.agent.output.DslogArgs;
import io.dmon.agent.output.DslogOptions;
import io.dmon.agent.output.DslogSink;
import io.dmon.agent.output.UnixSyslogTransport;
import io.dmon.agent.process.Posix;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code dslog [options] NAME}: sends the lines of its input to the system logger as NAME. */
public final class DslogCommand implements LogToolMain.Tool<DslogArgs> {
    private final Posix posix;

    DslogCommand(Posix posix) {
        this.posix = posix;
    }

    @Override
    public Optional<DslogArgs> parse(List<String> words) throws SpecException {
        return DslogArgs.parse(words);
    }

    @Override
    public void run(DslogArgs args) throws SpecException, IOException {
        DslogOptions options = args.toOptions();
        DslogSink sink = new DslogSink(options, UnixSyslogTransport.fromEnvironment(System.getenv(), posix));
        LogPump.pump("dslog", args.inputFd(), sink);
    }

    public static void main(String[] argv) {
        System.exit(LogToolMain.run("dslog", "DSLOG_OPTIONS", DslogArgs.USAGE, new DslogCommand(Posix.load()), argv));
    }
}
