package io.dmon.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads the text of a {@code -C} file, so tests (and the agent, which may get the file's text
 * over the wire) can supply it without touching the disk.
 */
@FunctionalInterface
public interface ConfigFileReader {

    /**
     * @param path the path as given after {@code -C}
     * @return the file's whole text
     * @throws IOException when it cannot be read; {@link JobSpecParser} reports it in one line
     */
    String read(String path) throws IOException;

    /**
     * Reads from the file system, a relative path from the current directory (DMon reads the file
     * before {@code -W} takes effect). Bytes that are not UTF-8 are replaced, not refused.
     */
    static ConfigFileReader fileSystem() {
        return path -> {
            Path file;
            try {
                file = Path.of(path);
            } catch (InvalidPathException e) {
                throw new IOException("Invalid path", e);
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        };
    }
}
