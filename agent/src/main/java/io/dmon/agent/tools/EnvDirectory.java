package io.dmon.agent.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code -d DIR}, envdir(8) style: each regular file names a variable and its first line is the
 * value, with trailing whitespace removed. A file that is empty, or whose first line is blank,
 * removes the variable. Names starting with a dot are skipped (as DMon's readdir loop does);
 * symbolic links and anything else that is not a regular file are ignored, not followed.
 */
final class EnvDirectory {
    private static final int READ_CHUNK = 512;

    private EnvDirectory() {
    }

    /** The steps, one per file, in name order. */
    static List<EnvStep> read(Path dir) throws DenvException {
        // Name order, not readdir order: the names are distinct, so only error reports and
        // the order of the resulting entries depend on it, and those should not vary by disk.
        TreeMap<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    files.put(name, entry);
                }
            }
        } catch (IOException e) {
            throw DenvException.io("Cannot open directory '" + dir + "'", e);
        } catch (DirectoryIteratorException e) {
            throw DenvException.io("Cannot read directory '" + dir + "'", e.getCause());
        }
        List<EnvStep> steps = new ArrayList<>(files.size());
        for (var file : files.entrySet()) {
            EnvStep step = stepFor(file.getKey(), file.getValue(), dir);
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    private static EnvStep stepFor(String name, Path file, Path dir) throws DenvException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw DenvException.io("Cannot stat '" + file + "'", e);
        }
        if (!attrs.isRegularFile()) {
            return null;
        }
        if (name.indexOf('=') >= 0) {
            // DMon would turn "A=B" holding "v" into A="B=v"; a name cannot hold '='.
            throw new DenvException("Invalid variable name '" + name + "' in '" + dir + "'.");
        }
        if (attrs.size() == 0) {
            return new EnvStep.Remove(name);
        }
        String value = EnvText.trimTrailing(firstLine(file));
        return value.isEmpty() ? new EnvStep.Remove(name) : new EnvStep.Assign(name, value);
    }

    /** Bytes up to the first newline (or the end), as UTF-8; only that much is read. */
    private static String firstLine(Path file) throws DenvException {
        // NOFOLLOW_LINKS again: the file may have been swapped for a link since the check.
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[READ_CHUNK];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, 0, i);
                        return line.toString(StandardCharsets.UTF_8);
                    }
                }
                line.write(buf, 0, n);
            }
            // DMon fails on a first line without a newline; a value file written with
            // printf is common enough to take as it is.
            return line.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DenvException.io("Cannot read '" + file + "'", e);
        }
    }
}
