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
     * Readies the cgroup for a new life of the job: what an earlier life left in it (its monitor
     * gone, its processes not) is killed, and a freeze it left is lifted, so the new run does not
     * start frozen or beside strangers.
     */
    public void reset(long maxMillis) throws IOException, InterruptedException {
        if (!pids().isEmpty()) {
            kill();
            if (!awaitEmpty(maxMillis)) {
                throw new IOException("processes of an earlier run are still in " + holder + " after SIGKILL");
            }
        }
        thaw();
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

    /** The CFS period a cpu-max quota is counted in: 100 ms, the kernel's default. */
    private static final long CPU_PERIOD_MICROS = 100_000;

    /**
     * Applies the job's limits on its whole cgroup (memory-max in bytes, cpu-max in percent of
     * one CPU; -1: none, which clears an earlier one) through whichever of its cgroups has the
     * controller: v2's memory.max / cpu.max where delegated, else v1's memory.limit_in_bytes /
     * cpu.cfs_quota_us. Returns why a limit asked for could not be applied (empty: all were).
     */
    public List<String> limit(long memoryMax, long cpuPercent) {
        List<String> problems = new ArrayList<>();
        String memory = memoryMax < 0 ? null : Long.toString(memoryMax);
        String why = set("memory.max", memory == null ? "max" : memory,
                "memory.limit_in_bytes", memory == null ? "-1" : memory, null);
        if (memory != null && why != null) {
            problems.add("memory-max=" + memoryMax + " not enforced: " + why);
        }
        long quota = cpuPercent < 0 ? -1 : cpuPercent * CPU_PERIOD_MICROS / 100;
        why = set("cpu.max", (quota < 0 ? "max" : Long.toString(quota)) + " " + CPU_PERIOD_MICROS,
                "cpu.cfs_quota_us", Long.toString(quota), "cpu.cfs_period_us");
        if (quota >= 0 && why != null) {
            problems.add("cpu-max=" + cpuPercent + " not enforced: " + why);
        }
        return problems;
    }

    /**
     * Writes {@code v2Value} to {@code v2File} in the holder when the job's v2 cgroup has that
     * controller, else {@code v1Value} to {@code v1File} in the meter that has it (the CFS period
     * first, when {@code v1Period} names its file). Null when written, else why not.
     */
    private String set(String v2File, String v2Value, String v1File, String v1Value, String v1Period) {
        try {
            if (kind == Isolation.Kind.CGROUP_V2 && Files.exists(holder.resolve(v2File))) {
                write(holder.resolve(v2File), v2Value);
                return null;
            }
            for (Path d : meters) {
                if (Files.exists(d.resolve(v1File))) {
                    if (v1Period != null) {
                        write(d.resolve(v1Period), Long.toString(CPU_PERIOD_MICROS));
                    }
                    write(d.resolve(v1File), v1Value);
                    return null;
                }
            }
        } catch (IOException e) {
            return "cannot write " + e.getMessage();
        }
        return "no " + v2File.substring(0, v2File.indexOf('.')) + " controller for the job (no " + v2File + " in "
                + holder + ", no v1 " + v1File + ")";
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
