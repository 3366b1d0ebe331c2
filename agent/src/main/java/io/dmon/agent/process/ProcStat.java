package io.dmon.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of {@code /proc/PID/stat} that supervision needs. The start time (clock ticks since
 * boot) together with the pid names a process uniquely: a reused pid has another start time.
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, int session, long startTime) {

    /** Every process /proc lists now; empty when it cannot be listed ({@link #read} still checks one pid). */
    public static List<ProcStat> all() {
        List<ProcStat> all = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"),
                p -> isNumber(p.getFileName().toString()))) {
            for (Path d : dirs) {
                read(Integer.parseInt(d.getFileName().toString())).ifPresent(all::add);
            }
        } catch (IOException e) {
            // Without a listing only known pids can be found.
        }
        return all;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    public static Optional<ProcStat> read(int pid) {
        return read(Path.of("/proc", Integer.toString(pid), "stat"), pid);
    }

    static Optional<ProcStat> read(Path file, int pid) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return Optional.empty();
        }
        // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
        int close = text.lastIndexOf(')');
        if (close < 0 || close + 2 >= text.length()) {
            return Optional.empty();
        }
        String[] f = text.substring(close + 2).trim().split(" ");
        if (f.length < 20) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(pid, f[0].charAt(0), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Long.parseLong(f[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when the process is stopped by a signal (state T). */
    public boolean stopped() {
        return state == 'T';
    }
}
