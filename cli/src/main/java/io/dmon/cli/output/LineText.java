package io.dmon.cli.output;

import com.google.protobuf.ByteString;

/**
 * A job's line as text for JSON, losing no byte: well-formed UTF-8 is decoded, and each byte that
 * is not part of a well-formed sequence becomes the lone surrogate U+DC00 + byte (U+DC80 to
 * U+DCFF; Python's "surrogateescape", PEP 383), which JSON writes as <code>&#92;udc80</code> to
 * <code>&#92;udcff</code>. UTF-8 never encodes a surrogate, so the two cannot be confused, and the bytes
 * come back exactly: in Python, {@code line.encode("utf-8", "surrogateescape")}.
 */
public final class LineText {
    private LineText() {
    }

    public static String of(ByteString line) {
        byte[] bytes = line.toByteArray();
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int length = Utf8Sequences.length(bytes, i, bytes.length);
            if (length == 0) {
                out.append((char) (0xdc00 + (bytes[i] & 0xff)));
                i++;
            } else {
                out.appendCodePoint(Utf8Sequences.codePoint(bytes, i, length));
                i += length;
            }
        }
        return out.toString();
    }
}
