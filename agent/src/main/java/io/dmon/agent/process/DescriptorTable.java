package io.dmon.agent.process;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The descriptors this process has open, as /proc/self/fd lists them (Linux). */
public final class DescriptorTable {
    private static final Path FDS = Path.of("/proc/self/fd");

    private DescriptorTable() {
    }

    /**
     * Each open descriptor with what it refers to, as the kernel names it (a path, or
     * {@code pipe:[...]}, {@code socket:[...]}); includes the descriptor of the listing itself.
     * Empty when /proc cannot be read.
     */
    public static Map<Integer, Path> open() {
        Map<Integer, Path> fds = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(FDS)) {
            for (Path entry : entries) {
                try {
                    fds.put(Integer.parseInt(entry.getFileName().toString()), Files.readSymbolicLink(entry));
                } catch (IOException | NumberFormatException e) {
                    // Closed between the listing and the readlink: it is not open any more.
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return Map.of();
        }
        return fds;
    }

    /** Whether {@code target} (an entry of {@link #open}) is the descriptor that listed the table. */
    public static boolean isListing(Path target) {
        return target.equals(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd"));
    }
}
