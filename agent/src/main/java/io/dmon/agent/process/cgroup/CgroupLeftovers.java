package io.dmon.agent.process.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Removes the job cgroups nobody will end any more: those of jobs an agent no longer holds (their
 * monitor was killed, the job removed while the agent was down), and those a standalone dmon
 * killed with SIGKILL left. Only empty ones go: a cgroup with processes in it is a job that
 * outlived its supervisor, and killing it is not a start-up's call. The kernel refuses to rmdir a
 * cgroup that has processes or children, so a process joining meanwhile keeps its cgroup.
 */
public final class CgroupLeftovers {
    /** A standalone dmon's owner directory: dmon-PID. */
    private static final Pattern DMON_OWNER = Pattern.compile("dmon-([1-9][0-9]{0,9})");
    /** Jobs make no cgroups of their own below theirs in practice; deeper than this is not walked. */
    private static final int MAX_DEPTH = 16;
    /** An owner directory holds one directory per job; more than this is not read at a start. */
    private static final int MAX_ENTRIES = 100_000;

    private CgroupLeftovers() {
    }

    /**
     * At an agent's start: removes every job cgroup under the agent's own directory, in every
     * hierarchy, that belongs to none of {@code heldJobIds} and is empty. One with processes is
     * left, said once (one line naming its directories) to {@code diagnostics}: a process the
     * agent cannot account for.
     */
    public static void pruneJobs(JobCgroups cgroups, Set<String> heldJobIds, Consumer<String> diagnostics) {
        Set<String> held = heldJobIds.stream().map(JobCgroups::name).collect(Collectors.toSet());
        Map<String, List<Path>> populated = new TreeMap<>();
        for (Path dmon : cgroups.dmonDirs()) {
            for (Path job : children(dmon.resolve(cgroups.owner()))) {
                String name = job.getFileName().toString();
                if (held.contains(name)) {
                    continue;
                }
                String failed = removeIfEmpty(job, () -> true);
                if (failed == null) {
                    continue;
                }
                if (failed.isEmpty()) {
                    populated.computeIfAbsent(name, k -> new ArrayList<>()).add(job);
                } else {
                    diagnostics.accept("cannot remove the cgroup " + job + " of no job here: " + failed);
                }
            }
        }
        for (List<Path> dirs : populated.values()) {
            diagnostics.accept("cgroup " + dirs.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + " holds processes of no job of this agent: left as it is");
        }
    }

    /**
     * At a standalone dmon's start: removes the {@code dmon-PID} directories beside ours, in every
     * hierarchy, whose PID is no live process and which are empty. One with processes (a job
     * that outlived its killed dmon) is left, unsaid: it is no fault of this dmon's run, and
     * every later start would say it again. A live PID's directory is never touched, whoever
     * runs there now (a reused PID keeps it; the empty directory costs nothing).
     */
    public static void pruneDeadDmons(JobCgroups cgroups, long ownPid) {
        pruneDeadDmons(cgroups, ownPid, pid -> ProcessHandle.of(pid).isPresent());
    }

    static void pruneDeadDmons(JobCgroups cgroups, long ownPid, LongPredicate alive) {
        for (Path dmon : cgroups.dmonDirs()) {
            for (Path owner : children(dmon)) {
                Matcher m = DMON_OWNER.matcher(owner.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                if (pid == ownPid || alive.test(pid)) {
                    continue;
                }
                // Asked again before each rmdir: a new dmon given the same PID meanwhile keeps its directory.
                removeIfEmpty(owner, () -> !alive.test(pid));
            }
        }
    }

    /** The directories in {@code dir} (none when it is not there). */
    private static List<Path> children(Path dir) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : s) {
                if (found.size() >= MAX_ENTRIES) {
                    break;
                }
                found.add(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Not there (never made, or its last job removed it): nothing left over.
        }
        return found;
    }

    /**
     * Removes {@code top} and the cgroups below it, deepest first, when no process is in any of
     * them. Null when removed (or gone already); empty when processes are in it; else why not.
     */
    private static String removeIfEmpty(Path top, BooleanSupplier stillOk) {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(top, MAX_DEPTH)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException | UncheckedIOException e) {
            return e.getMessage();
        }
        if (populated(dirs)) {
            return "";
        }
        for (Path d : dirs) {
            if (!stillOk.getAsBoolean()) {
                return "";
            }
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                // EBUSY: a process joined since it was looked at (or a cgroup was made below).
                return populated(List.of(d)) ? "" : e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        return null;
    }

    private static boolean populated(List<Path> dirs) {
        for (Path d : dirs) {
            try {
                if (!JobCgroup.read(d.resolve("cgroup.procs")).isBlank()) {
                    return true;
                }
            } catch (NoSuchFileException gone) {
                // Removed meanwhile: nobody in it.
            } catch (IOException e) {
                // Unreadable: counted as in use, so it is not removed blind.
                return true;
            }
        }
        return false;
    }
}
