package io.dmon.coordinator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest {
    @TempDir
    Path dir;

    @Test
    void appendsJsonLinesToAnOwnerOnlyFileAndKeepsWhatWasThere() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (FileAuditLog log = FileAuditLog.open(file)) {
            log.write(new AuditRecord(Instant.parse("2026-12-04T10:00:00Z"), "operator/alice", "/127.0.0.1:5000",
                    "dmon.v1.OperatorService/Run", "--host \"db1\"\nprogram x\\y", "ok"));
        }
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readAllLines(file)).isEqualTo(List.of("{\"earlier\":true}",
                "{\"time\":\"2026-12-04T10:00:00Z\",\"principal\":\"operator/alice\",\"peer\":\"/127.0.0.1:5000\","
                        + "\"method\":\"dmon.v1.OperatorService/Run\",\"target\":\"--host \\\"db1\\\"\\nprogram x\\\\y\","
                        + "\"outcome\":\"ok\"}"));
    }

    @Test
    void aNewFileIsCreatedOwnerOnly() throws IOException {
        Path file = dir.resolve("new.jsonl");
        FileAuditLog.open(file).close();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aFileThatCannotBeOpenedIsOneLine() {
        Path file = dir.resolve("missing").resolve("audit.jsonl");
        assertThatThrownBy(() -> FileAuditLog.open(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open audit log " + file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
