package io.dmon.coordinator.store;

import io.dmon.proto.v1.Job;
import java.io.Serializable;
import java.util.function.UnaryOperator;

/**
 * A change to many jobs at once ({@link JobStore#updateAll}). It runs where each job's partition
 * lives, on any member and on its backups, so it must be pure and serializable: a lambda written
 * against this type is, as long as what it captures is (proto messages and lists are).
 */
@FunctionalInterface
public interface JobEdit extends UnaryOperator<Job>, Serializable {
}
