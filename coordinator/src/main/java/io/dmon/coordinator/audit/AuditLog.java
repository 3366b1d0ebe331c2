package io.dmon.coordinator.audit;

/**
 * Where audit records go. Writing never fails the call it records: a sink that cannot write
 * says so (once) and lets calls go on.
 */
public interface AuditLog extends AutoCloseable {
    /** Keeps nothing: a coordinator started without {@code --audit-log}. */
    AuditLog NONE = record -> {
    };

    void write(AuditRecord record);

    @Override
    default void close() {
    }
}
