package io.dmon.agent.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds and loads libdmonposix.so: named by the system property {@code dmon.native}, else beside
 * the jar or classes directory this class came from, else extracted from the jar into a private
 * temporary file (a fat jar run from anywhere still works).
 */
final class NativeLibrary {
    static final String FILE_NAME = "libdmonposix.so";

    private NativeLibrary() {
    }

    static void load() {
        String named = System.getProperty("dmon.native");
        if (named != null) {
            System.load(Path.of(named).toAbsolutePath().toString());
            return;
        }
        Path beside = besideCode();
        if (beside != null && Files.isRegularFile(beside)) {
            System.load(beside.toString());
            return;
        }
        System.load(extract().toString());
    }

    private static Path besideCode() {
        try {
            var source = NativeLibrary.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            Path dir = Files.isDirectory(location) ? location : location.getParent();
            return dir == null ? null : dir.resolve(FILE_NAME).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static Path extract() {
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/" + FILE_NAME)) {
            if (in == null) {
                throw new UnsatisfiedLinkError(FILE_NAME + " is neither beside the jar nor inside it");
            }
            Path tmp = Files.createTempFile("dmonposix", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UnsatisfiedLinkError("cannot extract " + FILE_NAME + ": " + e.getMessage());
        }
    }
}
