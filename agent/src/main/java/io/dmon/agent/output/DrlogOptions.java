package io.dmon.agent.output;

import java.nio.file.Path;

/**
 * What drlog was asked to do.
 *
 * @param dir the log directory: lines go to {@code dir/current}
 * @param maxSize {@code -s}: rotate once current holds this many bytes (0 turns rotation off, as in DMon)
 * @param maxTimeSeconds {@code -T}: rotate once current's period is over (0 turns rotation off, as in DMon)
 * @param maxFiles {@code -m}: keep at most this many rotated files (0 behaves as 1, as in DMon)
 * @param timestamp {@code -t}: stamp each line with {@code YYYY-mm-dd/HH:MM:SS} (UTC)
 * @param skipEmpty {@code -e}: drop empty lines
 * @param buffered {@code -b}: do not fsync after each batch of lines
 */
public record DrlogOptions(Path dir, long maxSize, long maxTimeSeconds, int maxFiles,
                           boolean timestamp, boolean skipEmpty, boolean buffered) {
    /** DMon's default {@code -s}: 150k. */
    public static final long DEFAULT_MAX_SIZE = 150 * 1024;
    /** DMon's default {@code -T}: five days. */
    public static final long DEFAULT_MAX_TIME = 5 * 86_400;
    /** DMon's default {@code -m}. */
    public static final int DEFAULT_MAX_FILES = 10;

    /** Options with DMon's defaults for {@code dir}. */
    public static DrlogOptions defaults(Path dir) {
        return new DrlogOptions(dir, DEFAULT_MAX_SIZE, DEFAULT_MAX_TIME, DEFAULT_MAX_FILES, false, false, false);
    }
}
