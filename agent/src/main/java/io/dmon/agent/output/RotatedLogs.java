package io.dmon.agent.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rotated files of a drlog directory and how new ones are named.
 *
 * <p>DMon names a rotated file {@code log-YYYY-mm-dd-HH:MM:SS} (UTC, the time of the rotation), so
 * a second rotation within the same second overwrites the first one and loses its lines. We keep
 * that name for the first rotation of a second and add {@code .000001}, {@code .000002}... for the
 * next ones, one more than the highest suffix present for that second. Sorting the names as plain
 * strings then sorts the files in the order they were made: a name sorts before the same name with
 * a suffix, and the suffix only starts after the seconds. DMon's own parser
 * ({@code sscanf "log-%d-%d-%d-%d:%d:%d"}) still reads our names.
 *
 * <p>The listing is read from the directory once, on the first rotation, then kept up to date in
 * memory: re-reading it on every rotation costs O(files) each time, which matters when a tiny
 * {@code -s} rotates thousands of times a second. {@link #forget()} (on SIGHUP) re-reads it.
 */
final class RotatedLogs {
    static final String PREFIX = "log-";
    private static final Pattern NAME =
            Pattern.compile("log-\\d{4,}-\\d{2}-\\d{2}-\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");
    private static final int SUFFIX_DIGITS = 6;

    private final Path dir;
    private final int maxFiles;
    /** Rotated file names, oldest first; null until read from the directory. */
    private NavigableSet<String> names;

    RotatedLogs(Path dir, int maxFiles) {
        this.dir = dir;
        this.maxFiles = maxFiles;
    }

    /**
     * Deletes the oldest rotated files so that one more fits under the limit (as DMon does, before
     * the rename), then renames {@code current} to a fresh name for {@code epochSecond}.
     *
     * @return the rotated file, or null when {@code current} was gone
     */
    Path rotate(Path current, long epochSecond) throws IOException {
        if (names == null) {
            names = scan();
        }
        int keep = Math.max(maxFiles, 1) - 1;
        while (names.size() > keep) {
            String oldest = names.pollFirst();
            Path old = dir.resolve(oldest);
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw IoMessages.failed("cannot delete old log", old, e);
            }
        }
        String name = freshName(epochSecond);
        for (;;) {
            Path target = dir.resolve(name);
            try {
                // Without REPLACE_EXISTING: a rotated file is never overwritten.
                Files.move(current, target);
                names.add(name);
                return target;
            } catch (FileAlreadyExistsException e) {
                // Made by someone else since we listed the directory: take the next suffix.
                names.add(name);
                name = freshName(epochSecond);
            } catch (NoSuchFileException e) {
                if (Files.exists(current)) {
                    throw IoMessages.failed("cannot rename '" + current + "' to", target, e);
                }
                return null; // someone removed current: nothing to rotate
            } catch (IOException e) {
                throw IoMessages.failed("cannot rename '" + current + "' to", target, e);
            }
        }
    }

    /** Re-read the directory on the next rotation (someone may have moved files). */
    void forget() {
        names = null;
    }

    /** The name for a rotation at {@code epochSecond}: the bare one, else one suffix above the highest known. */
    private String freshName(long epochSecond) {
        byte[] stamp = new byte[LineFormat.STAMP_LENGTH];
        LineFormat.formatUtc(epochSecond, '-', stamp, 0);
        String base = PREFIX + new String(stamp, StandardCharsets.US_ASCII);
        // '/' follows '.' in ASCII: this is every "base.<suffix>" name.
        NavigableSet<String> suffixed = names.subSet(base + ".", true, base + "/", false);
        if (!suffixed.isEmpty()) {
            return base + "." + pad(suffixNumber(suffixed.last().substring(base.length() + 1)) + 1);
        }
        return names.contains(base) ? base + "." + pad(1) : base;
    }

    private NavigableSet<String> scan() throws IOException {
        NavigableSet<String> found = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (NAME.matcher(name).matches()) {
                    found.add(name);
                }
            }
        } catch (IOException e) {
            throw IoMessages.failed("cannot list", dir, e);
        }
        return found;
    }

    private static long suffixNumber(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String pad(long n) {
        String digits = Long.toString(n);
        return digits.length() >= SUFFIX_DIGITS ? digits : "0".repeat(SUFFIX_DIGITS - digits.length()) + digits;
    }
}
