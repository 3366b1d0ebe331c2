package io.dmon.agent.process.cgroup;

import io.dmon.agent.process.Posix;
import io.dmon.agent.process.PosixException;
import io.dmon.agent.process.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup that holds one job's every process, whatever they do (setsid, double fork): frozen
 * as a whole for a pause, killed as a whole at the end. The holder is a v2 cgroup or a v1 freezer
 * cgroup; beside it, v1 memory and cpuacct cgroups the job joins too, only to measure it, where
 * the holder cannot (no memory controller delegated in v2; none at all in a v1 freezer).
 *
 * <p>The directories are named from the owner and the job, never from a pid, so an agent that
 * comes back finds the cgroups of jobs that ran on while it was away.
 */
public final class JobCgroup {
    private static final long POLL_MILLIS = 2;
    /** cgroup.procs of a job is bounded by pid_max; a longer file is not the kernel's. */
    private static final int MAX_PROCS_BYTES = 8 << 20;

    private final Posix posix;
    private final Isolation.Kind kind;
    private final Path holder;
    private final List<Path> meters;

    /**
     * @param holder the v2 or v1 freezer cgroup directory, existing
     * @param meters v1 memory / cpuacct cgroup directories the job joins too (existing), maybe none
     */
    JobCgroup(Posix posix, Isolation.Kind kind, Path holder, List<Path> meters) {
        this.posix = posix;
        this.kind = kind;
        this.holder = holder;
        this.meters = List.copyOf(meters);
    }

    public Isolation.Kind kind() {
        return kind;
    }

    public Path holder() {
        return holder;
    }

    /** Every directory of the job's, the holder first. */
    public List<Path> dirs() {
        List<Path> all = new ArrayList<>();
        all.add(holder);
        all.addAll(meters);
        return all;
    }

    /** The cgroup.procs files a new process of the job writes its pid to before it runs anything. */
    public List<String> procsFiles() {
        return dirs().stream().map(d -> d.resolve("cgroup.procs").toString()).toList();
    }

    /** Asks the kernel to freeze every process of the job (returns at once; see {@link #awaitFrozen}). */
    public void freeze() throws IOException {
        if (kind == Isolation.Kind.CGROUP_V2) {
            write(holder.resolve("cgroup.freeze"), "1");
        } else {
            write(holder.resolve("freezer.state"), "FROZEN");
        }
    }

    public void thaw() throws IOException {
        if (kind == Isolation.Kind.CGROUP_V2) {
            write(holder.resolve("cgroup.freeze"), "0");
        } else {
            write(holder.resolve("freezer.state"), "THAWED");
        }
    }

    /** True once every process of the job is frozen (an empty cgroup asked to freeze counts). */
    public boolean frozen() throws IOException {
        if (kind == Isolation.Kind.CGROUP_V2) {
            for (String line : read(holder.resolve("cgroup.events")).split("\n")) {
                if (line.equals("frozen 1")) {
                    return true;
                }
            }
            return false;
        }
        return read(holder.resolve("freezer.state")).trim().equals("FROZEN");
    }

    /** Waits until the job is frozen; false when it was not within {@code maxMillis}. */
    public boolean awaitFrozen(long maxMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (!frozen()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Kills every process of the job with SIGKILL: cgroup.kill where the kernel has it, else
     * freeze (so none can fork meanwhile), SIGKILL each pid, thaw (a frozen process dies only
     * once thawed). Returns without waiting for them to be gone (see {@link #awaitEmpty}).
     */
    public void kill() throws IOException {
        Path killFile = holder.resolve("cgroup.kill");
        if (kind == Isolation.Kind.CGROUP_V2 && Files.exists(killFile)) {
            write(killFile, "1");
            return;
        }
        freeze();
        try {
            awaitFrozen(1000);
            for (int pid : pids()) {
                try {
                    posix.kill(pid, Signals.KILL);
                } catch (PosixException gone) {
                    // Ended meanwhile: nothing left to kill.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thaw();
        }
    }

    /** The pids in the job's cgroup now. */
    public List<Integer> pids() throws IOException {
        List<Integer> pids = new ArrayList<>();
        String text;
        try {
            text = read(holder.resolve("cgroup.procs"));
        } catch (NoSuchFileException gone) {
            return pids;
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return pids;
    }

    /** Waits until no process is left in the job's cgroup; false when some still were after {@code maxMillis}. */
    public boolean awaitEmpty(long maxMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (!pids().isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * The job is over: kills what is left, waits for it to go, removes the directories (and the
     * owner's and dmon's parents once they are empty). Throws when something could not be removed.
     */
    public void end(long maxMillis) throws IOException, InterruptedException {
        if (!Files.isDirectory(holder)) {
            return;
        }
        kill();
        if (!awaitEmpty(maxMillis)) {
            throw new IOException("processes of the job are still in " + holder + " after SIGKILL");
        }
        IOException first = null;
        for (Path d : dirs()) {
            try {
                removeDir(d);
                // The owner's directory, then dmon's, go when the last job's went (others may race: fine).
                for (Path p = d.getParent(); p != null && p.getFileName() != null; p = p.getParent()) {
                    if (!tryRemove(p) || p.getFileName().toString().equals("dmon")) {
                        break;
                    }
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A cgroup directory goes with rmdir (its files are the kernel's, not removable one by one). */
    private static void removeDir(Path d) throws IOException {
        try {
            Files.delete(d);
        } catch (NoSuchFileException gone) {
            // Removed already.
        }
    }

    private static boolean tryRemove(Path d) {
        try {
            Files.delete(d);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the job used: CPU time and memory, from whichever of its cgroups has the counter. */
    public CgroupUsage usage() {
        long cpu = -1;
        long mem = -1;
        long peak = -1;
        for (Path d : dirs()) {
            try {
                if (cpu < 0 && Files.exists(d.resolve("cpu.stat"))) {
                    for (String line : read(d.resolve("cpu.stat")).split("\n")) {
                        if (line.startsWith("usage_usec ")) {
                            cpu = Long.parseLong(line.substring(11).trim());
                        }
                    }
                }
                if (cpu < 0 && Files.exists(d.resolve("cpuacct.usage"))) {
                    cpu = Long.parseLong(read(d.resolve("cpuacct.usage")).trim()) / 1000;
                }
                if (mem < 0 && Files.exists(d.resolve("memory.current"))) {
                    mem = Long.parseLong(read(d.resolve("memory.current")).trim());
                    Path p = d.resolve("memory.peak");
                    peak = Files.exists(p) ? Long.parseLong(read(p).trim()) : -1;
                }
                if (mem < 0 && Files.exists(d.resolve("memory.usage_in_bytes"))) {
                    mem = Long.parseLong(read(d.resolve("memory.usage_in_bytes")).trim());
                    peak = Long.parseLong(read(d.resolve("memory.max_usage_in_bytes")).trim());
                }
            } catch (IOException | NumberFormatException e) {
                // A counter that cannot be read is unknown, not an error of the job.
            }
        }
        return new CgroupUsage(cpu, mem, peak);
    }

    /** Writes a control file: one write(2), as the kernel wants a value whole. */
    static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
    }

    static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_PROCS_BYTES), StandardCharsets.US_ASCII);
        }
    }

    @Override
    public String toString() {
        return kind.label() + " " + holder;
    }
}
