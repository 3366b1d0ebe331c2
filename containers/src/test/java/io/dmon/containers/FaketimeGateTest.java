package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class FaketimeGateTest {
    @Test
    void withoutTheLibraryTheTestIsAbortedWithTheReason() {
        assertThatThrownBy(() -> FaketimeGate.require(false, Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("libfaketime.so.1").hasMessageContaining("apt-get install faketime");
    }

    @Test
    void withoutTheLibraryUnderCiTheTestFails() {
        assertThatThrownBy(() -> FaketimeGate.require(false, Map.of("CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("CI=true but no /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    }

    @Test
    void withTheLibraryNothingIsThrown() {
        FaketimeGate.require(true, Map.of("CI", "true"));
    }
}
