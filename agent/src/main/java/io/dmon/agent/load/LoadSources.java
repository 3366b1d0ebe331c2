package io.dmon.agent.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The load sources of one host, one per file: every job gated on the same file shares one
 * reading per period instead of reading the file itself every second. Thread-safe.
 */
public final class LoadSources {
    private static final long PERIOD_NANOS = 500_000_000L;

    private final LongSupplier nanoClock;
    private final Map<Path, Shared> sources = new ConcurrentHashMap<>();

    /** @param nanoClock monotonic nanoseconds, for the age of a reading */
    public LoadSources(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The shared source for the file the environment names ({@link LoadAvgFile#fromEnvironment}). */
    public LoadSource forEnvironment(Map<String, String> env) {
        Path file = LoadAvgFile.fromEnvironment(env).file();
        return sources.computeIfAbsent(file, f -> new Shared(new LoadAvgFile(f)));
    }

    /** One file's reading, taken again only once it is older than the period. */
    private final class Shared implements LoadSource {
        private final LoadSource file;
        private long readAt;
        private double load;
        private IOException failure;
        private boolean read;

        Shared(LoadSource file) {
            this.file = file;
        }

        @Override
        public synchronized double load1() throws IOException {
            long now = nanoClock.getAsLong();
            if (!read || now - readAt >= PERIOD_NANOS) {
                read = true;
                readAt = now;
                try {
                    load = file.load1();
                    failure = null;
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return load;
        }
    }
}
