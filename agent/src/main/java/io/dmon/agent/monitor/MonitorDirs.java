package io.dmon.agent.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The folder of the host's monitors ({@code STATE/monitors}): one directory per monitor, named by
 * a number that grows, so that a name is never given twice while any record may still name it
 * (names are short: a socket path has room for 107 bytes). Thread-safe.
 */
public final class MonitorDirs {
    /** The longest socket path a Unix socket takes (sun_path without its NUL). */
    static final int MAX_SOCKET_PATH = 107;
    /** Room kept for names: up to 9 digits. */
    private static final int NAME_ROOM = 9;

    private final Path root;
    private long next = 1;

    private MonitorDirs(Path root) {
        this.root = root;
    }

    /**
     * The folder {@code root}, its names counted on from the highest there and the highest of
     * {@code named} (the names the job records hold).
     *
     * @throws IOException when it cannot be read, or its path leaves no room for a socket path
     */
    public static MonitorDirs open(Path root, Collection<String> named) throws IOException {
        int room = MAX_SOCKET_PATH - root.toString().getBytes(StandardCharsets.UTF_8).length - "/".length()
                - ("/" + MonitorConnection.SOCKET).length();
        if (room < NAME_ROOM) {
            throw new IOException("state directory path too long for the jobs' monitor sockets: " + root
                    + " leaves " + Math.max(0, room) + " bytes of the " + MAX_SOCKET_PATH + " a socket path may have");
        }
        MonitorDirs dirs = new MonitorDirs(root);
        Files.createDirectories(root);
        for (String name : dirs.names()) {
            dirs.next = Math.max(dirs.next, number(name) + 1);
        }
        for (String name : named) {
            if (number(name) > 0) {
                dirs.next = Math.max(dirs.next, number(name) + 1);
            }
        }
        return dirs;
    }

    public Path root() {
        return root;
    }

    /** A name no directory and no record has had. */
    public synchronized String allocate() {
        return Long.toString(next++);
    }

    public Path dir(String name) {
        return root.resolve(name);
    }

    /** The names of the monitor directories there are now. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (number(name) > 0) {
                    names.add(name);
                }
            }
        }
        names.sort((a, b) -> Long.compare(number(a), number(b)));
        return names;
    }

    /** Deletes a monitor's directory and what is in it (a gone monitor's: its output was taken). */
    public void delete(String name) throws IOException {
        Path dir = dir(name);
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Gone already.
        }
    }

    /** The number a directory's name is, or -1 for another name. */
    static long number(String name) {
        if (name.isEmpty() || name.length() > 18 || name.charAt(0) == '0'
                || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(name);
    }
}
