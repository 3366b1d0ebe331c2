package io.dmon.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dmon.proto.v1.LogLine;
import io.dmon.proto.v1.SkippedLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The renderings of a job's line that are not its bytes as they are: made visible for a
 * terminal, as JSON text, and its time. Checked on chosen bytes and, seeded so that a failure
 * repeats, on many random lines.
 */
class LineRenderingTest {
    private static final int ROUNDS = 20_000;

    private static byte[] visible(byte[] line) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VisibleControls.write(line, out);
        return out.toByteArray();
    }

    private static String visible(String text) throws IOException {
        return new String(visible(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void controlsAreShownAsTextAndEverythingElsePassesAsItIs() throws IOException {
        assertThat(visible("\u001b[2J\u001b]0;owned\u0007 done")).isEqualTo("\\e[2J\\e]0;owned\\x07 done");
        assertThat(visible("a\tb\rc\bd\u007fe\u0000")).isEqualTo("a\tb\\x0dc\\x08d\\x7fe\\x00");
        // C1 controls as UTF-8 (CSI is U+009B), and as lone bytes an 8-bit terminal would obey.
        assertThat(visible("x\u009b31mred\u0085")).isEqualTo("x\\u009b31mred\\u0085");
        assertThat(visible(bytes('x', 0x9b, '3', '1', 'm'))).isEqualTo(bytes('x', '\\', 'x', '9', 'b', '3', '1', 'm'));
        // Text in any script, and bytes that are not UTF-8 but no control (Latin-1 'é'), are left alone.
        assertThat(visible("héllo wörld € 漢字 😀 \u00a0")).isEqualTo("héllo wörld € 漢字 😀 \u00a0");
        assertThat(visible(bytes('c', 'a', 'f', 0xe9, 0xff))).isEqualTo(bytes('c', 'a', 'f', 0xe9, 0xff));
        // A continuation byte 0x80-0x9F inside a character is part of it, not a control.
        assertThat(visible("\u0800\u1000")).isEqualTo("\u0800\u1000");
    }

    @Test
    void noLineCanReachTheTerminalWithAControlAndLinesWithoutOneAreUnchanged() throws IOException {
        Random random = new Random(4242);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] line = randomLine(random);
            byte[] shown = visible(line);
            String what = HexFormat.of().formatHex(line);
            for (int i = 0; i < shown.length; i++) {
                int b = shown[i] & 0xff;
                assertThat(b < 0x20 && b != '\t' || b == 0x7f).as("C0 or DEL at %d of %s", i, what).isFalse();
                int length = Utf8Sequences.length(shown, i, shown.length);
                if (length == 0) {
                    assertThat(b).as("a lone C1 byte at %d of %s", i, what).isGreaterThan(0x9f);
                } else {
                    int cp = Utf8Sequences.codePoint(shown, i, length);
                    assertThat(cp >= 0x80 && cp <= 0x9f).as("a C1 character at %d of %s", i, what).isFalse();
                    i += length - 1;
                }
            }
            if (!hasControl(line)) {
                assertThat(shown).as(what).isEqualTo(line);
            }
        }
    }

    private static boolean hasControl(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            int b = line[i] & 0xff;
            int length = Utf8Sequences.length(line, i, line.length);
            if (b < 0x20 && b != '\t' || b == 0x7f || length == 0 && b >= 0x80 && b <= 0x9f
                    || length == 2 && Utf8Sequences.codePoint(line, i, 2) <= 0x9f) {
                return true;
            }
            i += Math.max(1, length) - 1;
        }
        return false;
    }

    @Test
    void lineTextIsTheUtf8TextAndEveryOtherByteComesBackExactly() {
        assertThat(LineText.of(ByteString.copyFromUtf8("héllo € 😀"))).isEqualTo("héllo € 😀");
        assertThat(LineText.of(ByteString.copyFrom(bytes('c', 'a', 'f', 0xe9)))).isEqualTo("caf\udce9");
        // An overlong '/', an encoded surrogate, and a cut-short '€': every byte escaped alone.
        assertThat(LineText.of(ByteString.copyFrom(bytes(0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe2, 0x82))))
                .isEqualTo("\udcc0\udcaf\udced\udca0\udc80\udce2\udc82");

        Random random = new Random(1204);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] line = randomLine(random);
            String text = LineText.of(ByteString.copyFrom(line));
            assertThat(surrogateEscapeEncode(text)).as(HexFormat.of().formatHex(line)).isEqualTo(line);
            if (Arrays.equals(new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), line)) {
                assertThat(text).isEqualTo(new String(line, StandardCharsets.UTF_8));
            }
        }
    }

    /** What a reader of the JSON does to get the bytes back (Python's encode with "surrogateescape"). */
    private static byte[] surrogateEscapeEncode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp >= 0xdc80 && cp <= 0xdcff) {
                out.write(cp - 0xdc00);
            } else {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(cp);
        }
        return out.toByteArray();
    }

    @Test
    void aJsonLineHasEveryFieldAndAnyLineSurvivesTheRoundTrip() {
        LogLine line = LogLine.newBuilder().setJobId("web@h1").setRun(2).setSeq(41).setUnixMs(1_800_000_000_120L)
                .setStderr(true).setCutBytes(9000).setLine(ByteString.copyFrom(bytes('"', '\\', 0x1b, 0xff, 'x'))).build();

        String json = JsonLogLines.render(line);

        assertThat(json).isEqualTo("{\"job\":\"web@h1\",\"host\":\"h1\",\"run\":2,\"seq\":41,"
                + "\"time\":\"2027-01-15T08:00:00.120Z\",\"unix_ms\":1800000000120,\"stream\":\"stderr\","
                + "\"line\":\"\\\"\\\\\\u001b\\udcffx\",\"cut_bytes\":9000}");
        assertThat(JsonLogLines.render(line.toBuilder().setStderr(false).setCutBytes(0).build()))
                .contains("\"stream\":\"stdout\"").doesNotContain("cut_bytes");
        assertThat(JsonLogLines.render(SkippedLines.newBuilder().setJobId("web@h1").setFromSeq(3).setToSeq(7)
                .setHostUnreachable(true).build())).isEqualTo("{\"skipped\":{\"job\":\"web@h1\",\"host\":\"h1\","
                + "\"from_seq\":3,\"to_seq\":7,\"host_unreachable\":true}}");

        Random random = new Random(77);
        for (int round = 0; round < ROUNDS / 4; round++) {
            byte[] bytes = randomLine(random);
            String rendered = JsonLogLines.render(line.toBuilder().setLine(ByteString.copyFrom(bytes)).build());
            assertThat(rendered).as("one line of JSON").doesNotContain("\n", "\r");
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = (Map<String, Object>) TinyJson.parse(rendered);
            assertThat(surrogateEscapeEncode((String) parsed.get("line"))).isEqualTo(bytes);
        }
    }

    @Test
    void timesAreRfc3339UtcAlwaysWithMilliseconds() {
        assertThat(LineTime.of(1_800_000_000_000L)).isEqualTo("2027-01-15T08:00:00.000Z");
        assertThat(LineTime.of(1_800_000_000_007L)).isEqualTo("2027-01-15T08:00:00.007Z");
        assertThat(LineTime.of(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    /** Mostly text, with controls, escape sequences, C1 characters and bytes that are not UTF-8 mixed in. */
    private static byte[] randomLine(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = random.nextInt(12);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(7)) {
                case 0 -> out.write(random.nextInt(256));
                case 1 -> out.writeBytes(("\u001b[" + random.nextInt(100) + "m").getBytes(StandardCharsets.UTF_8));
                case 2 -> out.writeBytes(new String(Character.toChars(0x80 + random.nextInt(0x20)))
                        .getBytes(StandardCharsets.UTF_8));
                case 3 -> out.write(random.nextInt(0x20));
                case 4 -> {
                    int cp = random.nextInt(0x110000);
                    if (cp < 0xd800 || cp > 0xdfff) {
                        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> out.writeBytes("plain text ".getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
