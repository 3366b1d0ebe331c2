package io.dmon.agent.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The load and pressure sources of one host, one per file or directory: every job gated on the
 * same source shares one reading per period instead of reading the files itself every second.
 * Thread-safe.
 */
public final class LoadSources {
    private static final long LOAD_PERIOD_NANOS = 500_000_000L;
    /**
     * Shorter than the load's: jobs sample once a second each, at their own moments, and a
     * shared reading may be this old when one of them takes it. So a crossing reaches every job
     * within its sampling period and this; reading three small files 10 times a second costs
     * nothing worth saving.
     */
    private static final long PRESSURE_PERIOD_NANOS = 100_000_000L;

    private final LongSupplier nanoClock;
    private final Map<Path, LoadSource> loads = new ConcurrentHashMap<>();
    private final Map<Path, PressureSource> pressures = new ConcurrentHashMap<>();

    /** @param nanoClock monotonic nanoseconds, for the age of a reading */
    public LoadSources(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The shared source for the file the environment names ({@link LoadAvgFile#fromEnvironment}). */
    public LoadSource forEnvironment(Map<String, String> env) {
        Path file = LoadAvgFile.fromEnvironment(env).file();
        return loads.computeIfAbsent(file, f -> new SharedLoad(new LoadAvgFile(f)));
    }

    /** The shared source for the directory the environment names ({@link PressureFiles#fromEnvironment}). */
    public PressureSource pressureForEnvironment(Map<String, String> env) {
        PressureFiles files = PressureFiles.fromEnvironment(env);
        return pressures.computeIfAbsent(files.dir(), d -> new SharedPressure(files));
    }

    /** One file's reading, taken again only once it is older than the period. */
    private final class SharedLoad implements LoadSource {
        private final LoadSource file;
        private long readAt;
        private double load;
        private IOException failure;
        private boolean read;

        SharedLoad(LoadSource file) {
            this.file = file;
        }

        @Override
        public synchronized double load1() throws IOException {
            long now = nanoClock.getAsLong();
            if (!read || now - readAt >= LOAD_PERIOD_NANOS) {
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

    /** One directory's reading, taken again only once it is older than the period. */
    private final class SharedPressure implements PressureSource {
        private final PressureSource files;
        private long readAt;
        private PressureSample sample;

        SharedPressure(PressureSource files) {
            this.files = files;
        }

        @Override
        public synchronized PressureSample pressure() {
            long now = nanoClock.getAsLong();
            if (sample == null || now - readAt >= PRESSURE_PERIOD_NANOS) {
                readAt = now;
                sample = files.pressure();
            }
            return sample;
        }
    }
}
