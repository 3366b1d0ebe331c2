package io.dmon.agent.spool;

import io.dmon.agent.output.RunSink;
import io.dmon.agent.state.FileNames;
import io.dmon.agent.state.OwnerOnly;
import io.dmon.agent.state.StorageHealth;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The spools of every job of this host, in {@code STATE/spool}. A job's spool outlives the job:
 * once a job is gone from the host it is retired, and deleted when its last line is acknowledged.
 * Thread-safe.
 */
public final class SpoolSet implements AutoCloseable {
    private final Path root;
    private final long maxBytesPerJob;
    private final Consumer<String> diagnostics;
    private final Map<String, Spool> spools = new LinkedHashMap<>();
    private final Set<String> retired = new HashSet<>();
    private final Queue<SpoolOverflow> overflows = new ConcurrentLinkedQueue<>();
    private final StorageHealth health;
    private volatile Runnable appended = () -> { };
    private volatile boolean stopping;
    /** Jobs whose last acknowledgement could not be saved. */
    private final Set<String> ackFailing = ConcurrentHashMap.newKeySet();
    private Retention retention = Retention.NONE;

    private SpoolSet(Path root, long maxBytesPerJob, Consumer<String> diagnostics, StorageHealth health) {
        this.root = root;
        this.maxBytesPerJob = maxBytesPerJob;
        this.diagnostics = diagnostics;
        this.health = health;
    }

    /**
     * Opens every spool a previous agent left in {@code root}; one that cannot be read is
     * reported and left alone.
     *
     * @param maxBytesPerJob the bound of each job's spool ({@code --spool-max-bytes})
     */
    public static SpoolSet open(Path root, long maxBytesPerJob, Consumer<String> diagnostics) throws IOException {
        return open(root, maxBytesPerJob, diagnostics, new StorageHealth());
    }

    /** The same, telling {@code health} whether the spool's writes work. */
    public static SpoolSet open(Path root, long maxBytesPerJob, Consumer<String> diagnostics, StorageHealth health)
            throws IOException {
        SpoolSet set = new SpoolSet(root, maxBytesPerJob, diagnostics, health);
        if (root.getParent() != null) {
            Files.createDirectories(root.getParent());
        }
        OwnerOnly.createDirectory(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (!Files.exists(dir.resolve(CursorFile.NAME))) {
                    continue;
                }
                try {
                    Spool spool = Spool.open(dir, maxBytesPerJob, diagnostics);
                    set.spools.put(spool.jobId(), spool);
                } catch (IOException | RuntimeException e) {
                    diagnostics.accept(dir + ": log spool unreadable, left alone: " + e.getMessage());
                }
            }
        }
        return set;
    }

    /** Keeps acknowledged lines of every job within {@code retention} ({@code --log-retain}). */
    public synchronized void retain(Retention retention) {
        this.retention = retention;
        spools.values().forEach(s -> s.retain(retention));
    }

    /**
     * The job's kept lines from {@code from} on (see {@link Spool#readRange}), or empty when the
     * job has no spool here.
     */
    public java.util.Optional<Spool> kept(String jobId) {
        synchronized (this) {
            return java.util.Optional.ofNullable(spools.get(jobId));
        }
    }

    /** Whether the agent's disk writes work (the spool's among them). */
    public StorageHealth health() {
        return health;
    }

    /** Called (on the writer's thread, must not block) after lines were appended to any spool. */
    public void onAppend(Runnable listener) {
        this.appended = listener;
    }

    /** The job's spool, created (empty, no files yet) when it has none. */
    public synchronized Spool spool(String jobId) {
        retired.remove(jobId);
        return spools.computeIfAbsent(jobId, id -> {
            Spool created = Spool.create(id, root.resolve(FileNames.of(id)), maxBytesPerJob, diagnostics);
            created.retain(retention);
            return created;
        });
    }

    /**
     * A job of this host is taken up, created at {@code incarnation} by a coordinator (0: not
     * known): its spool from now on. A spool of another job of the same id (one removed, retired
     * here, or whose removal this agent never heard of) goes first, its unacknowledged lines with
     * it: the coordinators dropped that job's lines with it, and its seqs must not run on into the
     * new job's, which start at 1. A spool whose job's creation is not known yet (an older agent's)
     * is taken to be this job's.
     */
    public void claim(String jobId, long incarnation) {
        Spool old;
        synchronized (this) {
            old = spools.get(jobId);
            boolean other = old != null && (retired.contains(jobId)
                    || incarnation != 0 && old.incarnation() != 0 && old.incarnation() != incarnation);
            if (!other) {
                old = null;
            } else {
                spools.remove(jobId);
                retired.remove(jobId);
            }
        }
        if (old != null) {
            long unacked = Math.max(0, old.nextSeq() - 1 - old.acked());
            if (unacked > 0) {
                diagnostics.accept("job " + jobId + ": run again after its removal: " + unacked
                        + " unacknowledged lines of the removed job dropped from the log spool");
            }
            try {
                old.delete();
            } catch (IOException e) {
                diagnostics.accept("job " + jobId + ": cannot delete the removed job's log spool: " + e.getMessage());
            }
        }
        try {
            spool(jobId).incarnation(incarnation);
        } catch (IOException e) {
            diagnostics.accept("job " + jobId + ": cannot save the spool cursor: " + e.getMessage());
        }
    }

    /**
     * A sink for a job's supervisor ({@code uplink}): each run's lines into the spool, their run
     * numbered {@code runBase} + the supervisor's run. While the spool cannot be written the sink
     * waits and writes again (back-pressure on the job's pipe), see {@link #stopping()}.
     */
    public RunSink sink(String jobId, int runBase) {
        return new SpoolSink(spool(jobId), runBase, () -> appended.run(), diagnostics, health, () -> stopping);
    }

    /**
     * The agent stops: a writer waiting for the disk to take its lines gives them up (and says so)
     * instead of holding the job's stop until the disk has room. Call before stopping the jobs.
     */
    public void stopping() {
        stopping = true;
    }

    /**
     * Appends lines that carry their own seqs to the job's spool ({@link Spool#appendLines}) and
     * tells the link that there is more to send. The caller judges the disk's {@link #health()}:
     * it knows whether the job's output is held back elsewhere too.
     */
    public void appendLines(String jobId, List<SpooledLine> lines) throws IOException {
        spool(jobId).appendLines(lines);
        appended.run();
    }

    /** A new session starts: see {@link Spool#rewind()}. */
    public void rewind() {
        spools().forEach(Spool::rewind);
    }

    /** Every spool, hosted jobs and retired ones still holding lines. */
    public synchronized List<Spool> spools() {
        return new ArrayList<>(spools.values());
    }

    /** Lines up to {@code seq} of the job are stored by a coordinator; unknown jobs are ignored. */
    public void ack(String jobId, long seq) {
        ack(jobId, 0, seq);
    }

    /**
     * Lines up to {@code seq} of the job created at {@code incarnation} (0: not said) are stored
     * by a coordinator, or were dropped there as a removed job's. Unknown jobs are ignored, and so
     * is an acknowledgement of another job of the same id: a removed job's seqs say nothing of
     * the new job's.
     */
    public void ack(String jobId, long incarnation, long seq) {
        Spool spool;
        synchronized (this) {
            spool = spools.get(jobId);
        }
        if (spool == null || incarnation != 0 && spool.incarnation() != 0 && spool.incarnation() != incarnation) {
            return;
        }
        try {
            spool.ack(seq);
            if (ackFailing.remove(jobId)) {
                diagnostics.accept("job " + jobId + ": log acknowledgements saved again");
            }
        } catch (IOException e) {
            // Said once a spell: on a full disk every acknowledgement fails (it is kept in memory meanwhile).
            if (ackFailing.add(jobId)) {
                diagnostics.accept("job " + jobId + ": cannot save the log acknowledgement: " + e.getMessage());
            }
        }
        spool.takeFinishedOverflow().ifPresent(overflow -> {
            overflows.add(overflow);
            appended.run();
        });
        deleteIfDone(jobId);
    }

    /**
     * The overflow episodes that ended since the last call (see {@link SpoolOverflow}), each given
     * once, for the link to report as SPOOL_OVERFLOW events.
     */
    public List<SpoolOverflow> takeOverflows() {
        List<SpoolOverflow> taken = new ArrayList<>();
        for (SpoolOverflow o; (o = overflows.poll()) != null; ) {
            taken.add(o);
        }
        return taken;
    }

    /** The job is gone from this host: its spool goes once every line in it was acknowledged. */
    public void retire(String jobId) {
        synchronized (this) {
            if (spools.containsKey(jobId)) {
                retired.add(jobId);
            }
        }
        deleteIfDone(jobId);
    }

    /** Retires every spool whose job is not in {@code jobIds} (after a restart: jobs removed meanwhile). */
    public void retireAllExcept(Set<String> jobIds) {
        List<String> others;
        synchronized (this) {
            others = spools.keySet().stream().filter(id -> !jobIds.contains(id)).toList();
        }
        others.forEach(this::retire);
    }

    private void deleteIfDone(String jobId) {
        Spool spool;
        synchronized (this) {
            spool = spools.get(jobId);
            if (spool == null || !retired.contains(jobId) || !spool.drained()) {
                return;
            }
            spools.remove(jobId);
            retired.remove(jobId);
        }
        try {
            spool.delete();
        } catch (IOException e) {
            diagnostics.accept("job " + jobId + ": cannot delete its drained log spool: " + e.getMessage());
        }
    }

    /** Closes every spool's files (their content stays for the next agent). */
    @Override
    public void close() {
        spools().forEach(Spool::close);
    }
}
