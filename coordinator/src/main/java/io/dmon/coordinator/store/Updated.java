package io.dmon.coordinator.store;

/**
 * A compare-and-set update that took: the value it replaced and the value stored. Equal when the
 * change changed nothing (and nothing was written).
 */
public record Updated<M>(M before, M after) {
    public boolean changed() {
        return !before.equals(after);
    }
}
