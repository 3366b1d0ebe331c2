package io.dmon.cli;

import io.dmon.cli.client.OperatorChannelFactory;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything dmonctl takes from the world, passed in so that tests run it whole: its output
 * streams, environment, terminal, clock, how channels are opened and where Ctrl-C comes from.
 */
public final class CliContext {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Terminal terminal;
    private final OperatorChannelFactory channels;
    private final Clock clock;
    private final InterruptSource interrupts;
    private final Duration pollInterval;
    private final Duration settle;
    private final Supplier<String> hostName;
    private final String accountName;

    private CliContext(Builder b) {
        out = Objects.requireNonNull(b.out, "out");
        err = Objects.requireNonNull(b.err, "err");
        env = Map.copyOf(b.env);
        terminal = b.terminal;
        channels = b.channels;
        clock = b.clock;
        interrupts = b.interrupts;
        pollInterval = b.pollInterval;
        settle = b.settle;
        hostName = b.hostName;
        accountName = b.accountName;
    }

    /**
     * The real process: file descriptors 1 and 2, the environment, SIGINT, plaintext channels
     * (unless dmonctl finds a TLS directory), and the clock in this machine's time zone (times of
     * day are shown in it).
     */
    public static CliContext system() {
        Map<String, String> env = System.getenv();
        return builder()
                .out(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                        false, StandardCharsets.UTF_8))
                .err(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8))
                .env(env)
                .accountName(System.getProperty("user.name"))
                .terminal(Terminal.detect(env))
                .interrupts(InterruptSource.system())
                .clock(Clock.systemDefaultZone())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Standard output, UTF-8 for text; {@code write(byte[])} passes job output through untouched. */
    public PrintStream out() {
        return out;
    }

    /** Standard error: the one-line errors. */
    public PrintStream err() {
        return err;
    }

    /** An environment variable, or null. */
    public String env(String name) {
        return env.get(name);
    }

    public Terminal terminal() {
        return terminal;
    }

    /** True when output may be coloured: a terminal, and no {@code NO_COLOR} (https://no-color.org). */
    public boolean colour() {
        String noColour = env.get("NO_COLOR");
        return terminal.stdoutIsTerminal() && (noColour == null || noColour.isEmpty());
    }

    public OperatorChannelFactory channels() {
        return channels;
    }

    public Clock clock() {
        return clock;
    }

    /** This machine's name, as requests name where they came from ({@code USER@HOST}). */
    public String hostName() {
        return hostName.get();
    }

    /** The process's account name, for when neither USER nor LOGNAME is set; null when unknown. */
    public String accountName() {
        return accountName;
    }

    public InterruptSource interrupts() {
        return interrupts;
    }

    /** How often {@code run -n} asks for the jobs' states when no event says they changed. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * How long {@code run -n} lets the last lines of a finished job reach the coordinator (they
     * travel apart from the status that says it finished) before it fetches what it missed.
     */
    public Duration settle() {
        return settle;
    }

    /** Builds a context; everything but the output streams has a default. */
    public static final class Builder {
        private PrintStream out;
        private PrintStream err;
        private Map<String, String> env = Map.of();
        private Terminal terminal = Terminal.none();
        private OperatorChannelFactory channels = OperatorChannelFactory.insecure();
        private Clock clock = Clock.systemUTC();
        private InterruptSource interrupts = InterruptSource.none();
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration settle = Duration.ofMillis(300);
        private Supplier<String> hostName = LocalHostName::get;
        private String accountName;

        public Builder out(PrintStream out) {
            this.out = out;
            return this;
        }

        /** Standard output as raw bytes, encoded as UTF-8 where text is written. */
        public Builder out(OutputStream out) {
            return out(new PrintStream(out, false, StandardCharsets.UTF_8));
        }

        public Builder err(PrintStream err) {
            this.err = err;
            return this;
        }

        public Builder err(OutputStream err) {
            return err(new PrintStream(err, true, StandardCharsets.UTF_8));
        }

        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        public Builder terminal(Terminal terminal) {
            this.terminal = terminal;
            return this;
        }

        public Builder channels(OperatorChannelFactory channels) {
            this.channels = channels;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder interrupts(InterruptSource interrupts) {
            this.interrupts = interrupts;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder settle(Duration settle) {
            this.settle = settle;
            return this;
        }

        public Builder accountName(String accountName) {
            this.accountName = accountName;
            return this;
        }

        public Builder hostName(String hostName) {
            this.hostName = () -> hostName;
            return this;
        }

        public CliContext build() {
            return new CliContext(this);
        }
    }
}
