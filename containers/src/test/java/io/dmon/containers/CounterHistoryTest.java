package io.dmon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterHistoryTest {
    @Test
    void oneRunWithoutGaps() {
        CounterHistory h = CounterHistory.parse("1\n2\n3\n");
        assertThat(h.contiguous()).isTrue();
        assertThat(h.runs()).hasSize(1);
        assertThat(h.last()).isEqualTo(3);
        assertThat(h.lines()).isEqualTo(3);
    }

    @Test
    void aNewRunStartsOverAtOne() {
        CounterHistory h = CounterHistory.parse("1\n2\n1\n2\n3\n");
        assertThat(h.contiguous()).isTrue();
        assertThat(h.runs()).hasSize(2);
        assertThat(h.last()).isEqualTo(3);
    }

    @Test
    void historyMayStartLateAfterATotalOutage() {
        CounterHistory h = CounterHistory.parse("41\n42\n");
        assertThat(h.contiguous()).isTrue();
        assertThat(h.first()).isEqualTo(41);
    }

    @Test
    void gapsAndRepeatsAreCaught() {
        assertThat(CounterHistory.parse("1\n2\n4\n").problem()).contains("a gap of 1");
        assertThat(CounterHistory.parse("1\n2\n2\n").problem()).contains("a repeat");
        assertThat(CounterHistory.parse("1\n3\n2\n").contiguous()).isFalse();
        assertThat(CounterHistory.parse("1\nx\n").problem()).contains("not a number");
    }
}
