package io.dmon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void nearestRankPercentiles() {
        Stats s = Stats.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));
        assertThat(s.p50()).isEqualTo(3.0);
        assertThat(s.p99()).isEqualTo(5.0);
        assertThat(s.percentile(20)).isEqualTo(1.0);
        assertThat(s.percentile(21)).isEqualTo(2.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(5.0);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Stats s = Stats.of(List.of(7.0));
        assertThat(s.p50()).isEqualTo(7.0);
        assertThat(s.p99()).isEqualTo(7.0);
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonEscapesAndKeepsOrder() {
        assertThat(Json.write(new java.util.LinkedHashMap<>(java.util.Map.of("a", List.of(1.5, 2.0)))))
                .isEqualTo("{\n  \"a\": [\n    1.5,\n    2\n  ]\n}\n");
        assertThat(Json.write("q\"\n")).isEqualTo("\"q\\\"\\n\"\n");
        assertThat(Json.write(Double.NaN)).isEqualTo("null\n");
    }
}
