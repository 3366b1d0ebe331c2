package io.dmon.agent.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Small helpers for sink tests. */
final class TestFiles {
    private TestFiles() {
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void accept(LineSink sink, String lines) throws IOException {
        byte[] b = bytes(lines);
        sink.accept(b, 0, b.length);
    }

    static Set<PosixFilePermission> mode(Path p) throws IOException {
        return Files.getPosixFilePermissions(p);
    }

    /** What open(2) or mkdir(2) with {@code mode} gives under this process's umask. */
    static Set<PosixFilePermission> underUmask(Path scratchDir, String mode, boolean directory) throws IOException {
        Path probe = scratchDir.resolve("umask-probe-" + System.nanoTime());
        var attr = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
        if (directory) {
            Files.createDirectory(probe, attr);
        } else {
            Files.createFile(probe, attr);
        }
        Set<PosixFilePermission> result = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        return result;
    }
}
