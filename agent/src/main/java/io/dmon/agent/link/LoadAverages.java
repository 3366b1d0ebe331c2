package io.dmon.agent.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The three load averages of a {@code /proc/loadavg}-format file, for heartbeats. */
record LoadAverages(double load1, double load5, double load15) {

    static LoadAverages read(Path file) {
        try {
            String[] f = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
            return new LoadAverages(parse(f, 0), parse(f, 1), parse(f, 2));
        } catch (IOException e) {
            return new LoadAverages(-1, -1, -1);
        }
    }

    private static double parse(String[] fields, int i) {
        try {
            return i < fields.length ? Double.parseDouble(fields[i]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
