package io.dmon.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void escapesWhatJsonRequiresAndWhatWouldBreakTheOutput() {
        String nasty = "q\" b\\ n\n r\r t\t bs\b ff\f nul\u0000 us\u001f del\u007f ls\u2028 é 😀";

        String json = new JsonWriter().value(nasty).toString();

        assertThat(json).isEqualTo("\"q\\\" b\\\\ n\\n r\\r t\\t bs\\b ff\\f nul\\u0000 us\\u001f del\\u007f ls\\u2028 é 😀\"");
        assertThat(TinyJson.parse(json)).isEqualTo(nasty);
    }

    @Test
    void loneSurrogatesAreEscapedSoUtf8LosesNothing() {
        String lone = "a\ud800b\udc00";

        String json = new JsonWriter().value(lone).toString();

        assertThat(json).isEqualTo("\"a\\ud800b\\udc00\"");
        assertThat(TinyJson.parse(json)).isEqualTo(lone);
    }

    @Test
    void nestedContainersCommasAndOneTopLevelMemberPerLine() {
        JsonWriter w = new JsonWriter().beginArray();
        w.beginObject().name("a").value(1).name("b").beginArray().value("x").value(true).nullValue().endArray()
                .name("c").beginObject().endObject().endObject();
        w.beginObject().name("d").value(2.5).endObject();
        String json = w.endArray().toString();

        assertThat(json).isEqualTo("[\n{\"a\":1,\"b\":[\"x\",true,null],\"c\":{}},\n{\"d\":2.5}\n]");
        assertThat(TinyJson.parse(json)).isEqualTo(List.of(
                Map.of("a", 1.0, "b", java.util.Arrays.asList("x", true, null), "c", Map.of()), Map.of("d", 2.5)));
    }

    @Test
    void emptyArrayAndNumbers() {
        assertThat(new JsonWriter().beginArray().endArray().toString()).isEqualTo("[]");
        assertThat(new JsonWriter().value(3.0).toString()).isEqualTo("3");
        assertThat(new JsonWriter().value(-0.25).toString()).isEqualTo("-0.25");
        assertThat(new JsonWriter().value(Long.MIN_VALUE).toString()).isEqualTo("-9223372036854775808");
        assertThat(new JsonWriter().value(Double.NaN).toString()).isEqualTo("null");
        assertThat(new JsonWriter().value(Double.POSITIVE_INFINITY).toString()).isEqualTo("null");
        assertThat(new JsonWriter().value((String) null).toString()).isEqualTo("null");
        assertThat(TinyJson.parse(new JsonWriter().value(1e-7).toString())).isEqualTo(1e-7);
        assertThat(TinyJson.parse(new JsonWriter().value(1e20).toString())).isEqualTo(1e20);
    }
}
