package io.dmon.agent.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The agent's state directory: its layout, the assignment and the job records (see the package notes). */
public final class StateDir implements AutoCloseable {
    private static final String ASSIGNMENT = "assignment.pb";

    private final Path root;
    private final Consumer<String> diagnostics;
    private final FileChannel lock;
    private final StorageHealth health = new StorageHealth();
    /**
     * The newest write of each file the disk refused, written again every {@link #RETRY_MILLIS}
     * until it goes in (guarded by itself). Without it a refused write was only ever replaced by
     * the next change of that file: after a stop on a full disk the job's record and the
     * assignment stayed stale on disk (an agent restarted then would act on them) and the host's
     * condition never cleared, though space had returned.
     */
    private final Map<Path, Write> refused = new LinkedHashMap<>();
    /** One write of a file at a time, so that a retry never puts back an older content. */
    private final Map<Path, Object> fileLocks = new ConcurrentHashMap<>();
    // Guarded by refused.
    private Thread retrier;
    private volatile boolean closed;
    static final long RETRY_MILLIS = 1_000;

    private StateDir(Path root, Consumer<String> diagnostics, FileChannel lock) {
        this.root = root;
        this.diagnostics = diagnostics;
        this.lock = lock;
    }

    /**
     * Opens (creating when needed) the state directory, makes it private, checks that it can be
     * written and locks it: two agents on one state directory would kill each other's jobs as
     * orphans. The lock goes with {@link #close()} or the process.
     *
     * <p>The directory is 0700 and the agent's files in it 0600 ({@link OwnerOnly}): the assignment
     * holds the jobs' {@code -E} values. A directory that allows more (made by an older agent, or
     * by hand) is tightened, and said so, rather than refused: the agent owns it, nothing is lost,
     * and every host of an upgraded fleet would otherwise stop at once. One that cannot be
     * tightened (owned by another user) is refused. The jobs' own work directories
     * ({@code jobs/NAME}) are theirs and keep their modes.
     *
     * @param diagnostics where to say that a damaged file was set aside, or that modes were tightened
     * @throws IOException with a one-line message naming the directory when it cannot be used
     */
    public static StateDir open(Path root, Consumer<String> diagnostics) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        try {
            // Made owner-only from the start: a directory the agent creates is never reported as loosened.
            Files.createDirectories(dir, OwnerOnly.DIR);
            makePrivate(root, dir, diagnostics);
            Path probe = Files.createTempFile(dir, ".probe", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new IOException("state directory '" + root + "' cannot be written: permission denied");
        } catch (FileAlreadyExistsException e) {
            throw new IOException("state directory '" + root + "' cannot be used: " + e.getFile() + " is not a directory");
        } catch (IOException e) {
            throw new IOException("state directory '" + root + "' cannot be written: " + e.getMessage());
        }
        FileChannel lock = FileChannel.open(dir.resolve("lock"), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), OwnerOnly.fileMode());
        try {
            if (lock.tryLock() == null) {
                lock.close();
                throw new IOException("state directory '" + root + "' is in use by another dmon-agent");
            }
        } catch (OverlappingFileLockException e) {
            lock.close();
            throw new IOException("state directory '" + root + "' is in use by another agent in this process");
        }
        return new StateDir(dir, diagnostics, lock);
    }

    /** Makes the directory 0700 and the agent's files 0600, saying what was looser. */
    private static void makePrivate(Path asGiven, Path dir, Consumer<String> diagnostics) throws IOException {
        Path real = dir.toRealPath();
        String was;
        int below = 0;
        try {
            was = OwnerOnly.tighten(real);
            for (String sub : new String[] {"runtime", "spool", "jobs", "pauses", "monitors"}) {
                OwnerOnly.createDirectory(real.resolve(sub));
                // jobs/NAME are the jobs' work directories, with modes of their own; monitors/ holds
                // the monitors' own files (made owner-only by them) and their program (executable).
                below += sub.equals("jobs") || sub.equals("monitors")
                        ? (OwnerOnly.tighten(real.resolve(sub)) == null ? 0 : 1)
                        : OwnerOnly.tightenTree(real.resolve(sub));
            }
            for (String file : new String[] {ASSIGNMENT, "lock"}) {
                if (Files.exists(real.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                    below += OwnerOnly.tighten(real.resolve(file)) == null ? 0 : 1;
                }
            }
        } catch (FileSystemException e) {
            throw new IOException("state directory '" + asGiven + "' cannot be made private (owner only): "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()) + " on " + e.getFile());
        }
        if (was != null) {
            diagnostics.accept("state directory '" + asGiven + "' was " + was + ", now rwx------ (it holds the "
                    + "jobs' -E values)");
        }
        if (below > 0) {
            diagnostics.accept("state directory '" + asGiven + "': " + below + " file(s) or folder(s) readable by "
                    + "others made owner-only");
        }
    }

    /** Whether this directory's writes (and, once handed to it, the spool's) work now. */
    public StorageHealth health() {
        return health;
    }

    /** Releases the directory for the next agent. */
    @Override
    public void close() {
        closed = true;
        Thread r;
        synchronized (refused) {
            r = retrier;
        }
        if (r != null) {
            r.interrupt();
        }
        try {
            lock.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }

    public Path root() {
        return root;
    }

    /** Where the job's spool lives. */
    public Path spoolRoot() {
        return root.resolve("spool");
    }

    /** Where the jobs' monitors keep their directories ({@code STATE/monitors/NAME}). */
    public Path monitorsRoot() {
        return root.resolve("monitors");
    }

    /** The default work directory of a job without -W (not created here). */
    public Path jobDir(String jobId) {
        return root.resolve("jobs").resolve(FileNames.of(jobId));
    }

    /** Turns a file's bytes into what they hold; an IOException says the bytes are damaged. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] bytes) throws IOException;
    }

    /**
     * The last assignment written, as {@code decoder} reads its bytes (the coordinator's wire
     * form, which the link knows), if any; a damaged or unreadable one is reported and ignored.
     */
    public <T> Optional<T> readAssignment(Decoder<T> decoder) {
        Path file = root.resolve(ASSIGNMENT);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.accept(file + ": cannot be read, ignored: " + e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(bytes));
        } catch (IOException e) {
            diagnostics.accept(file + ": damaged, ignored: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces the saved assignment with {@code bytes}, atomically. */
    public void writeAssignment(byte[] bytes) throws IOException {
        judged(root.resolve(ASSIGNMENT), () -> AtomicFile.write(root.resolve(ASSIGNMENT), bytes));
    }

    /** Every job record, by job id; damaged ones are reported and skipped. */
    public Map<String, JobRecord> readRecords() throws IOException {
        Map<String, JobRecord> records = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve("runtime"))) {
            for (Path file : files) {
                if (file.getFileName().toString().endsWith(".tmp")) {
                    continue;
                }
                try {
                    JobRecord r = JobRecord.parse(Files.readAllBytes(file));
                    records.put(r.jobId(), r);
                } catch (IOException e) {
                    diagnostics.accept(file + ": damaged job record, ignored: " + e.getMessage());
                }
            }
        }
        return records;
    }

    public void writeRecord(JobRecord record) throws IOException {
        byte[] bytes = record.toBytes();
        judged(recordFile(record.jobId()), () -> AtomicFile.write(recordFile(record.jobId()), bytes));
    }

    public void deleteRecord(String jobId) throws IOException {
        deleted(recordFile(jobId));
    }

    /** The job's pause record, if any; a damaged one is reported and ignored (the pause counts as new). */
    public Optional<PauseRecord> readPause(String jobId) {
        Path file = pauseFile(jobId);
        try {
            PauseRecord r = PauseRecord.parse(Files.readAllBytes(file));
            if (r.jobId().equals(jobId)) {
                return Optional.of(r);
            }
            diagnostics.accept(file + ": pause record of another job (" + r.jobId() + "), ignored");
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.accept(file + ": damaged pause record, ignored: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Saves a pause record, atomically but not waiting for the disk: pausing a fleet writes one
     * per job at once, and a record lost to a power cut only makes its lease start again.
     */
    public void writePause(PauseRecord record) throws IOException {
        byte[] bytes = record.toBytes();
        judged(pauseFile(record.jobId()), () -> AtomicFile.writeUnsynced(pauseFile(record.jobId()), bytes));
    }

    public void deletePause(String jobId) throws IOException {
        deleted(pauseFile(jobId));
    }

    private interface Write {
        void run() throws IOException;
    }

    /**
     * Runs a write of {@code file} and tells {@link #health} how it went; a refused one is kept
     * (replacing an older refused write of the file) and written again until it goes in.
     */
    private void judged(Path file, Write write) throws IOException {
        synchronized (fileLock(file)) {
            try {
                write.run();
            } catch (IOException e) {
                synchronized (refused) {
                    refused.put(file, write);
                    retryLater();
                }
                health.failed(StorageHealth.STATE, String.valueOf(e.getMessage()));
                throw e;
            }
            synchronized (refused) {
                refused.remove(file);
            }
        }
        workedIfNothingRefused();
    }

    /** Deletes {@code file}, and a refused write of it with it (it must not come back). */
    private void deleted(Path file) throws IOException {
        synchronized (fileLock(file)) {
            synchronized (refused) {
                refused.remove(file);
            }
            Files.deleteIfExists(file);
        }
        workedIfNothingRefused();
    }

    private Object fileLock(Path file) {
        return fileLocks.computeIfAbsent(file, f -> new Object());
    }

    private void workedIfNothingRefused() {
        synchronized (refused) {
            if (!refused.isEmpty()) {
                return;
            }
        }
        health.worked(StorageHealth.STATE);
    }

    /** Starts the thread that writes refused writes again, unless it runs (guarded by refused). */
    private void retryLater() {
        if (retrier != null || closed) {
            return;
        }
        retrier = new Thread(this::retryRefused, "dmon-state-retry");
        retrier.setDaemon(true);
        retrier.start();
    }

    private void retryRefused() {
        while (!closed) {
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            List<Map.Entry<Path, Write>> todo;
            synchronized (refused) {
                todo = new ArrayList<>(refused.entrySet());
            }
            for (Map.Entry<Path, Write> w : todo) {
                synchronized (fileLock(w.getKey())) {
                    synchronized (refused) {
                        if (refused.get(w.getKey()) != w.getValue()) {
                            continue; // written or deleted since, or refused again with newer content
                        }
                    }
                    try {
                        w.getValue().run();
                    } catch (IOException e) {
                        health.failed(StorageHealth.STATE, String.valueOf(e.getMessage()));
                        continue;
                    }
                    synchronized (refused) {
                        refused.remove(w.getKey(), w.getValue());
                    }
                }
            }
            synchronized (refused) {
                if (refused.isEmpty()) {
                    retrier = null;
                    break;
                }
            }
        }
        workedIfNothingRefused();
    }

    private Path pauseFile(String jobId) {
        return root.resolve("pauses").resolve(FileNames.of(jobId));
    }

    private Path recordFile(String jobId) {
        return root.resolve("runtime").resolve(FileNames.of(jobId));
    }
}
