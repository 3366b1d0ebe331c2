package io.dmon.trust.tls;

import io.dmon.trust.TlsDir;
import io.dmon.trust.TlsMaterialException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node's TLS directory, followed as it changes: every handshake asks {@link #current()}, which
 * re-reads the files when their stamps (modification time, size, inode) changed, so certificates
 * rotate without a restart. A change that does not load (a key written before its certificate, a
 * truncated file) keeps the last good material and is logged once; the next change is tried again.
 *
 * <p>Thread-safe: handshakes of many connections ask at once.
 */
public final class TlsMaterial {
    private static final System.Logger LOG = System.getLogger(TlsMaterial.class.getName());
    private static final List<String> FILES = List.of(TlsDir.CA, TlsDir.CERT, TlsDir.KEY);

    private final Path dir;
    private final Clock clock;
    private TlsDir snapshot;
    private long generation;
    private List<Object> loadedStamps;
    private List<Object> failedStamps;

    private TlsMaterial(Path dir, Clock clock, TlsDir snapshot, List<Object> stamps) {
        this.dir = dir;
        this.clock = clock;
        this.snapshot = snapshot;
        this.loadedStamps = stamps;
    }

    /**
     * Loads {@code dir} and follows it from now on.
     *
     * @throws TlsMaterialException when the directory cannot be used now: a node does not start
     *         on material it cannot use
     */
    public static TlsMaterial follow(Path dir, Clock clock) throws TlsMaterialException {
        Objects.requireNonNull(dir, "dir");
        List<Object> stamps = stamps(dir);
        return new TlsMaterial(dir, clock, TlsDir.load(dir, clock), stamps);
    }

    /** {@link #follow(Path, Clock)} with the system clock. */
    public static TlsMaterial follow(Path dir) throws TlsMaterialException {
        return follow(dir, Clock.systemUTC());
    }

    /** The directory followed. */
    public Path dir() {
        return dir;
    }

    /** The newest material that loaded, re-read first if the files changed. */
    public synchronized TlsDir current() {
        List<Object> stamps = stamps(dir);
        if (stamps.equals(loadedStamps) || stamps.equals(failedStamps)) {
            return snapshot;
        }
        try {
            snapshot = TlsDir.load(dir, clock);
            loadedStamps = stamps;
            failedStamps = null;
            generation++;
            LOG.log(System.Logger.Level.INFO, "reloaded TLS material from " + dir + " (" + snapshot.principal()
                    + ", certificate serial " + snapshot.certificate().getSerialNumber().toString(16) + ")");
        } catch (TlsMaterialException e) {
            failedStamps = stamps;
            LOG.log(System.Logger.Level.WARNING, "TLS material changed but cannot be used, keeping the previous: "
                    + e.getMessage());
        }
        return snapshot;
    }

    /** How many times the material was reloaded: 0 until the files first change. */
    public synchronized long generation() {
        return generation;
    }

    /** The generation and material together, as one consistent pair. */
    synchronized Snapshot snapshot() {
        TlsDir material = current();
        return new Snapshot(generation, material);
    }

    record Snapshot(long generation, TlsDir material) {
    }

    private static List<Object> stamps(Path dir) {
        List<Object> stamps = new ArrayList<>(FILES.size() * 3);
        for (String name : FILES) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(dir.resolve(name), BasicFileAttributes.class);
                stamps.add(attributes.lastModifiedTime());
                stamps.add(attributes.size());
                stamps.add(attributes.fileKey());
            } catch (IOException e) {
                stamps.add("missing");
            }
        }
        return stamps;
    }
}
