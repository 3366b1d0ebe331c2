package io.dmon.agent.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the kernel says of this process and its host under /proc (Linux): its command line and
 * environment as raw bytes, its executable, the signals it ignores, its descriptors by number,
 * the host name. Every reader answers null (or its documented fallback) when /proc cannot be read.
 */
public final class ProcSelf {
    private static final Path SELF = Path.of("/proc/self");

    private ProcSelf() {
    }

    /** The NUL-separated words of /proc/self/cmdline, or null when it cannot be read. */
    public static List<byte[]> commandLine() {
        return nulSeparated(SELF.resolve("cmdline"));
    }

    /** The NUL-separated entries of /proc/self/environ, or null when it cannot be read. */
    public static List<byte[]> environment() {
        return nulSeparated(SELF.resolve("environ"));
    }

    /** The binary this process runs (the target of /proc/self/exe). */
    public static Path executable() throws IOException {
        return Files.readSymbolicLink(SELF.resolve("exe"));
    }

    /** Bit {@code sig - 1} set for each signal this process ignores (SigIgn); 0 when unknown. */
    public static long ignoredSignals() {
        try {
            for (String line : Files.readAllLines(SELF.resolve("status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("SigIgn:")) {
                    return Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Without /proc nothing is known to be ignored.
        }
        return 0L;
    }

    /** Opens descriptor {@code fd} of this process anew for reading (through /proc/self/fd). */
    public static FileInputStream openDescriptor(int fd) throws IOException {
        return new FileInputStream(SELF.resolve("fd").resolve(Integer.toString(fd)).toFile());
    }

    /** The kernel's host name, or null when /proc cannot tell (no DNS lookup: that could hang). */
    public static String hostName() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            return n.isEmpty() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<byte[]> nulSeparated(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                out.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            out.add(Arrays.copyOfRange(all, start, all.length));
        }
        return out;
    }
}
