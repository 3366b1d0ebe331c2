package io.dmon.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringTest {
    private static String json(String s) {
        return JsonString.append(new StringBuilder(), s).toString();
    }

    @Test
    void escapesWhatWouldBreakALineOfJson() {
        assertThat(json("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(json("1\n2\r3\t4\b5\f")).isEqualTo("\"1\\n2\\r3\\t4\\b5\\f\"");
        assertThat(json("\u0001\u007f\u2028\u2029")).isEqualTo("\"\\u0001\\u007f\\u2028\\u2029\"");
    }

    @Test
    void keepsPairsAndEscapesLoneSurrogates() {
        assertThat(json("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
        assertThat(json("x\uD83D")).isEqualTo("\"x\\ud83d\"");
        assertThat(json("\uDE00y")).isEqualTo("\"\\ude00y\"");
    }
}
