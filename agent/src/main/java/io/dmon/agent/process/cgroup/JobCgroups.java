package io.dmon.agent.process.cgroup;

import io.dmon.agent.process.Posix;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives each job of one owner (an agent, or one dmon) a cgroup of its own, the best holder that
 * {@code --cgroups} allows and this host grants: v2, else the v1 freezer, else none (the process
 * group holds the job as before), the reasons kept for ps. The jobs' cgroups are
 * {@code <our own cgroup>/dmon/<owner>/<job>} in each hierarchy: beside nothing of anyone else's,
 * and found again from the same two names by an agent that restarts.
 */
public final class JobCgroups {
    private final Posix posix;
    private final CgroupMode mode;
    private final CgroupMounts mounts;
    private final String owner;
    private final String detectFailure;

    private JobCgroups(Posix posix, CgroupMode mode, CgroupMounts mounts, String owner, String detectFailure) {
        this.posix = posix;
        this.mode = mode;
        this.mounts = mounts;
        this.owner = name(owner);
        this.detectFailure = detectFailure;
    }

    /** For {@code owner}'s jobs, as {@code mode} asks, in the hierarchies this process is in. */
    public static JobCgroups detect(Posix posix, CgroupMode mode, String owner) {
        if (mode == CgroupMode.OFF) {
            return new JobCgroups(posix, mode, new CgroupMounts(null, java.util.Map.of()), owner, "");
        }
        try {
            return new JobCgroups(posix, mode, CgroupMounts.read(), owner, "");
        } catch (IOException e) {
            return new JobCgroups(posix, mode, new CgroupMounts(null, java.util.Map.of()), owner,
                    "cannot read /proc/self/cgroup: " + e.getMessage());
        }
    }

    public CgroupMode mode() {
        return mode;
    }

    /** The owner's directory name, as made safe for a path. */
    String owner() {
        return owner;
    }

    /**
     * The {@code dmon} directory under our own cgroup in every hierarchy a job may have been
     * placed in by an earlier run, whatever mode that run had (none when cgroups are off here).
     */
    List<Path> dmonDirs() {
        if (mode == CgroupMode.OFF || !detectFailure.isEmpty()) {
            return List.of();
        }
        java.util.Set<Path> own = new java.util.LinkedHashSet<>();
        if (mounts.v2() != null) {
            own.add(mounts.v2());
        }
        for (String controller : List.of("freezer", "memory", "cpuacct", "cpu")) {
            Path p = mounts.v1().get(controller);
            if (p != null) {
                own.add(p);
            }
        }
        return own.stream().map(p -> p.resolve("dmon")).toList();
    }

    /** A job's place: its cgroup (null when the process group holds it) and what holds it. */
    public record Placement(JobCgroup cgroup, Isolation isolation) {
    }

    /**
     * Makes (or finds again) the job's cgroups. Never fails: what cannot be had is said in the
     * placement's isolation, and the job falls back. A holder {@code --cgroups} did not ask for is
     * not a fallback and goes unsaid.
     */
    public Placement place(String jobId) {
        if (mode == CgroupMode.OFF) {
            return new Placement(null, Isolation.processGroup("cgroups off (--cgroups off)"));
        }
        if (!detectFailure.isEmpty()) {
            return new Placement(null, Isolation.processGroup(detectFailure));
        }
        List<String> why = new ArrayList<>();
        String job = name(jobId);
        List<Path> meters = meters(job);
        if (mode == CgroupMode.AUTO || mode == CgroupMode.V2) {
            if (mounts.v2() == null) {
                why.add("cgroup v2: not mounted");
            } else {
                Path dir = jobDir(mounts.v2(), job);
                String failed = make(dir, "cgroup.freeze");
                if (failed == null) {
                    thawIfEmpty(dir, "cgroup.freeze", "0");
                    return new Placement(new JobCgroup(posix, Isolation.Kind.CGROUP_V2, dir, meters),
                            new Isolation(Isolation.Kind.CGROUP_V2, String.join("; ", why), dir.toString()));
                }
                why.add("cgroup v2: " + failed);
            }
        }
        if (mode == CgroupMode.AUTO || mode == CgroupMode.V1) {
            Path freezer = mounts.v1().get("freezer");
            if (freezer == null) {
                why.add("v1 freezer: not mounted");
            } else {
                Path dir = jobDir(freezer, job);
                String failed = make(dir, "freezer.state");
                if (failed == null) {
                    thawIfEmpty(dir, "freezer.state", "THAWED");
                    return new Placement(new JobCgroup(posix, Isolation.Kind.CGROUP_V1_FREEZER, dir, meters),
                            new Isolation(Isolation.Kind.CGROUP_V1_FREEZER, String.join("; ", why), dir.toString()));
                }
                why.add("v1 freezer: " + failed);
            }
        }
        for (Path m : meters) {
            try {
                Files.deleteIfExists(m);
            } catch (IOException e) {
                // Left empty: the next placement of the job takes it again.
            }
        }
        return new Placement(null, Isolation.processGroup(String.join("; ", why)));
    }

    /**
     * The v1 memory, cpuacct and cpu cgroups the job joins to be measured and limited (where v2
     * has no such controller delegated); those that cannot be made are left out.
     */
    private List<Path> meters(String job) {
        List<Path> meters = new ArrayList<>();
        for (String controller : List.of("memory", "cpuacct", "cpu")) {
            Path own = mounts.v1().get(controller);
            if (own != null && !meters.contains(jobDir(own, job))) {
                Path dir = jobDir(own, job);
                if (make(dir, "cgroup.procs") == null) {
                    meters.add(dir);
                }
            }
        }
        return meters;
    }

    /**
     * A cgroup found again with nobody in it may still be frozen (its last run ended paused):
     * thawed, or the next run would start frozen. One with processes is left as it is (an agent
     * re-attaching to a paused job).
     */
    private static void thawIfEmpty(Path dir, String file, String thawed) {
        try {
            if (JobCgroup.read(dir.resolve("cgroup.procs")).isBlank()) {
                JobCgroup.write(dir.resolve(file), thawed);
            }
        } catch (IOException e) {
            // Then the run's start says what is wrong with the cgroup.
        }
    }

    private Path jobDir(Path own, String job) {
        return own.resolve("dmon").resolve(owner).resolve(job);
    }

    /** Makes {@code dir} (and its parents); null when done and it has {@code needed}, else why not. */
    private static String make(Path dir, String needed) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return "cannot create " + dir + ": " + reason(e);
        }
        if (!Files.exists(dir.resolve(needed))) {
            return dir + " has no " + needed;
        }
        if (!Files.isWritable(dir.resolve("cgroup.procs"))) {
            return "cannot write " + dir.resolve("cgroup.procs");
        }
        return null;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * The job's place with its whole-cgroup limits applied (memory-max bytes, cpu-max percent;
     * -1: none): what cannot be enforced (no cgroup, no controller) is said in its isolation's
     * fallback, so ps shows it.
     */
    public static Placement limited(Placement placement, long memoryMax, long cpuPercent) {
        java.util.List<String> problems = new ArrayList<>();
        if (placement.cgroup() != null) {
            problems.addAll(placement.cgroup().limit(memoryMax, cpuPercent));
        } else {
            if (memoryMax >= 0) {
                problems.add("memory-max=" + memoryMax + " not enforced: the job has no cgroup");
            }
            if (cpuPercent >= 0) {
                problems.add("cpu-max=" + cpuPercent + " not enforced: the job has no cgroup");
            }
        }
        return new Placement(placement.cgroup(), placement.isolation().withProblems(problems));
    }

    /**
     * A name safe as one path element: job ids and agent names are checked elsewhere, but a
     * directory name must never climb or hide, whatever comes.
     */
    static String name(String s) {
        String n = s.replaceAll("[^A-Za-z0-9._@+-]", "_");
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            n = "_" + n;
        }
        return n.length() > 200 ? n.substring(0, 200) : n;
    }
}
