package io.dmon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveHeapTest {
    /** Kept reachable so that the second histogram has 8 MB more of byte arrays than the first. */
    private static final List<byte[]> HELD = new ArrayList<>();

    @Test
    void readsTheLiveHeapOfARunningJvmAndNamesWhatGrew() throws Exception {
        long pid = ProcessHandle.current().pid();
        LiveHeap.Histogram before = LiveHeap.histogram(pid);
        for (int i = 0; i < 8; i++) {
            HELD.add(new byte[1 << 20]);
        }
        LiveHeap.Histogram after = LiveHeap.histogram(pid);

        assertTrue(before.totalBytes() > 0);
        long sum = after.bytesByClass().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(after.totalBytes(), sum, "the rows add up to the Total row");
        assertTrue(after.totalBytes() - before.totalBytes() >= 7L << 20,
                "8 MiB held: " + before.totalMib() + " -> " + after.totalMib());
        List<LiveHeap.Growth> top = LiveHeap.topGrowth(before, after, 3);
        assertTrue(top.get(0).className().startsWith("[B "), "byte arrays grew most: " + LiveHeap.describe(top));
        assertTrue(top.get(0).delta() >= 7L << 20);
    }

    @Test
    void refusesTextWithoutATotalRow() {
        IOException e = assertThrows(IOException.class, () -> LiveHeap.parse("12345:\nNo such process\n"));
        assertTrue(e.getMessage().contains("no Total row"), e.getMessage());
    }

    @Test
    void refusesAPidThatIsNoJvm() {
        // pid 1 of this user's namespace is not an attachable JVM of ours: jcmd fails, and so does the reading.
        assertThrows(IOException.class, () -> LiveHeap.histogram(1));
    }
}
