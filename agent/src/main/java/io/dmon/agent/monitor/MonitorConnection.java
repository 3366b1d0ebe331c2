package io.dmon.agent.monitor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The agent's side of one monitor's socket. {@link #attach} connects and returns once the
 * monitor's whole state has arrived ({@link #state()}); from then on a reader thread folds every
 * event into that state and queues the run events ({@link #nextEvent}); commands wait for their
 * reply, each within the connection's deadline.
 *
 * <p>Threading: any thread may send commands (one at a time, in order) and read the state; one
 * thread should take the events. Closing without {@link #detach()} is what a killed agent does:
 * the monitor carries on either way.
 */
public final class MonitorConnection implements AutoCloseable {
    /** How the monitor says a run could not join the job's cgroup: {@code cgroup-errno-N}. */
    private static final String CGROUP_REFUSAL = "cgroup-errno-";

    /** The system's text for the errno in a refusal's {@code N}. */
    private static String describe(String errno) {
        try {
            return io.dmon.agent.process.Posix.describeErrno(Integer.parseInt(errno));
        } catch (NumberFormatException e) {
            return "errno " + errno;
        }
    }

    static final String SOCKET = "sock";

    private final Path dir;
    private final SocketChannel channel;
    private final Duration deadline;
    private final Object lock = new Object();
    private final Object requests = new Object();
    /** Started, Exited, Drained and, last, Closed. */
    private final BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<MonitorEvent> replies = new LinkedBlockingQueue<>();
    private MonitorRecord monitor;
    private MonitorState state = MonitorState.EMPTY;
    private String closedBecause;
    private volatile Runnable wakeup = () -> { };

    private MonitorConnection(Path dir, SocketChannel channel, Duration deadline) {
        this.dir = dir;
        this.channel = channel;
        this.deadline = deadline;
    }

    /**
     * Connects to the monitor in {@code dir} and waits for its state.
     *
     * @param deadline how long the hello, the state and every later reply may take
     * @throws MonitorException when there is no monitor listening there, or it does not answer
     */
    public static MonitorConnection attach(Path dir, Duration deadline) throws MonitorException, InterruptedException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new MonitorException("cannot open a socket: " + e.getMessage());
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(dir.resolve(SOCKET)));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new MonitorException("no monitor listens in " + dir + ": " + e.getMessage());
        }
        MonitorConnection c = new MonitorConnection(dir, channel, deadline);
        Thread reader = new Thread(c::readLoop, "dmon-monitor-" + dir.getFileName());
        reader.setDaemon(true);
        reader.start();
        try {
            c.awaitHello();
            // Everything the monitor sent before its pong, its state included, has been folded in.
            c.request("ping");
            return c;
        } catch (MonitorException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void awaitHello() throws MonitorException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (lock) {
            while (monitor == null && closedBecause == null) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new MonitorException("monitor in " + dir + " said no hello within " + deadline.toMillis() + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (closedBecause != null) {
                throw new MonitorException("monitor in " + dir + ": " + closedBecause);
            }
        }
    }

    /** The monitor, as its hello named it (pid and start time). */
    public MonitorRecord monitor() {
        synchronized (lock) {
            return monitor;
        }
    }

    /**
     * Runs {@code listener} on the reader thread after each event is folded in (output written,
     * a run's start, exit or end of output, the connection's end), and once now. It must not
     * block: it is for waking a thread that looks at the state and the events.
     */
    public void onChange(Runnable listener) {
        this.wakeup = listener;
        listener.run();
    }

    /** Everything the monitor has told so far. */
    public MonitorState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** True until the connection ended (then {@link #nextEvent} ends with a {@link MonitorEvent.Closed}). */
    public boolean isOpen() {
        synchronized (lock) {
            return closedBecause == null;
        }
    }

    /** The next run event or {@link MonitorEvent.Closed}, or null when none came within {@code timeout}. */
    public MonitorEvent nextEvent(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the state satisfies {@code condition}; empty when it did not within
     * {@code timeout} or the connection ended first.
     */
    public Optional<MonitorState> awaitState(Predicate<MonitorState> condition, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.test(state)) {
                long left = end - System.nanoTime();
                if (left <= 0 || closedBecause != null) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return Optional.of(state);
        }
    }

    /**
     * Starts run {@code run} (greater than every earlier one; the previous run's leader must be
     * reaped) and returns it as the monitor reported it.
     *
     * @throws MonitorException when the monitor refused (its reason: running, order, ending, errno-N)
     */
    public MonitorState.Run start(int run) throws MonitorException, InterruptedException {
        MonitorEvent.Reply r = request(MonitorProtocol.start(run));
        if (!r.ok()) {
            if (r.reason().startsWith(CGROUP_REFUSAL)) {
                // Fail closed: the run could not join the job's cgroup, so it ran nothing.
                throw new MonitorException("cannot join the job's cgroup: "
                        + describe(r.reason().substring(CGROUP_REFUSAL.length())));
            }
            throw new MonitorException("monitor in " + dir + " refused to start run " + run + ": " + r.reason());
        }
        return state().run();
    }

    /** Signals the current run's leader; false when it was already reaped. */
    public boolean signal(int signal) throws MonitorException, InterruptedException {
        return answered(request(MonitorProtocol.signal(signal)));
    }

    /** Signals the current run's process group; false when it has no member left. */
    public boolean signalGroup(int signal) throws MonitorException, InterruptedException {
        return answered(request(MonitorProtocol.group(signal)));
    }

    private boolean answered(MonitorEvent.Reply r) throws MonitorException {
        if (r.ok() || r.reason().equals("gone")) {
            return r.ok();
        }
        throw new MonitorException("monitor in " + dir + " could not " + r.command() + ": " + r.reason());
    }

    /** TERM and CONT to the run's group now, KILL after {@code grace} if any of it is left. */
    public void stop(Duration grace) throws MonitorException, InterruptedException {
        request(MonitorProtocol.stop(grace.toMillis()));
    }

    /** Tells the monitor that every line up to {@code seq} is kept elsewhere: its segments may go. */
    public void consumed(long seq) throws MonitorException, InterruptedException {
        request(MonitorProtocol.consumed(seq));
    }

    /** Leaves the monitor running on its own and closes the connection. */
    public void detach() throws MonitorException, InterruptedException {
        request("detach");
        close();
    }

    /**
     * Ends the monitor (it writes its exit file first); only once its run is over.
     *
     * @throws MonitorException when the run is still going ("running")
     */
    public void quit() throws MonitorException, InterruptedException {
        MonitorEvent.Reply r = request("quit");
        if (!r.ok()) {
            throw new MonitorException("monitor in " + dir + " did not quit: " + r.reason());
        }
        close();
    }

    /** Sends one command and waits for its reply. */
    private MonitorEvent.Reply request(String command) throws MonitorException, InterruptedException {
        String word = command.split(" ", 2)[0];
        synchronized (requests) {
            try {
                ByteBuffer b = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            } catch (IOException e) {
                ended("cannot send to the monitor: " + e.getMessage());
                throw new MonitorException("monitor in " + dir + ": " + reason());
            }
            MonitorEvent reply = replies.poll(deadline.toNanos(), TimeUnit.NANOSECONDS);
            if (reply == null) {
                // What the monitor would still say cannot be paired with a command any more.
                ended("no answer to '" + word + "' within " + deadline.toMillis() + " ms");
                throw new MonitorException("monitor in " + dir + ": " + reason());
            }
            if (reply instanceof MonitorEvent.Reply r && r.command().equals(word)) {
                return r;
            }
            if (reply instanceof MonitorEvent.Reply r) {
                ended("answered '" + r.command() + "' to '" + word + "'");
            } else if (reply instanceof MonitorEvent.ProtocolError p) {
                ended("refused '" + word + "': " + p.reason());
            }
            throw new MonitorException("monitor in " + dir + ": " + reason());
        }
    }

    private String reason() {
        synchronized (lock) {
            return closedBecause;
        }
    }

    private void readLoop() {
        try {
            readLines();
        } finally {
            wakeup.run();
        }
    }

    private void readLines() {
        byte[] line = new byte[MonitorProtocol.MAX_EVENT];
        int len = 0;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (true) {
                buf.clear();
                if (channel.read(buf) < 0) {
                    ended("the monitor closed the connection");
                    return;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    byte c = buf.get();
                    if (c != '\n') {
                        if (len == line.length - 1) {
                            ended("the monitor sent a line longer than " + (line.length - 1) + " bytes");
                            return;
                        }
                        line[len++] = c;
                        continue;
                    }
                    MonitorEvent e = MonitorProtocol.parse(new String(line, 0, len, StandardCharsets.ISO_8859_1));
                    len = 0;
                    if (!dispatch(e)) {
                        return;
                    }
                }
            }
        } catch (MonitorException e) {
            ended(e.getMessage());
        } catch (IOException e) {
            ended(isOpen() ? "reading from the monitor: " + e.getMessage() : reason());
        }
    }

    /** Folds one event in and routes it; false when the connection must end. */
    private boolean dispatch(MonitorEvent e) {
        synchronized (lock) {
            if (monitor == null) {
                if (!(e instanceof MonitorEvent.Hello h)) {
                    return endedLocked("the monitor did not start with hello");
                }
                if (h.protocol() != MonitorProtocol.VERSION) {
                    return endedLocked("the monitor speaks protocol " + h.protocol() + ", this agent "
                            + MonitorProtocol.VERSION);
                }
                monitor = new MonitorRecord(h.protocol(), h.pid(), h.startTime());
                lock.notifyAll();
                return true;
            }
            state = state.apply(e);
            lock.notifyAll();
        }
        if (e instanceof MonitorEvent.Started || e instanceof MonitorEvent.Exited || e instanceof MonitorEvent.Drained) {
            events.add(e);
        } else if (e instanceof MonitorEvent.Reply || e instanceof MonitorEvent.ProtocolError) {
            replies.add(e);
        }
        wakeup.run();
        return true;
    }

    private void ended(String why) {
        synchronized (lock) {
            endedLocked(why);
        }
        wakeup.run();
    }

    private boolean endedLocked(String why) {
        if (closedBecause == null) {
            closedBecause = why;
            MonitorEvent.Closed closed = new MonitorEvent.Closed(why);
            events.add(closed);
            replies.add(closed);
            lock.notifyAll();
            closeQuietly(channel);
        }
        return false;
    }

    /** Closes the connection without a word, as a killed agent would; the monitor carries on. */
    @Override
    public void close() {
        ended("closed by this agent");
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to do with it.
        }
    }
}
