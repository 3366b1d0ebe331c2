package io.dmon.cli.output;

/**
 * Where a job's line holds well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF) and where it holds bytes that are not part of any: what the
 * terminal-safe and the JSON renderings of a line both need to tell apart.
 */
final class Utf8Sequences {
    private Utf8Sequences() {
    }

    /**
     * The length (1 to 4) of the well-formed UTF-8 sequence starting at {@code bytes[i]}, or 0
     * when no sequence starts there (a stray continuation byte, a lead byte whose sequence is cut
     * short or malformed, or a byte UTF-8 never uses).
     */
    static int length(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xff;
        if (b < 0x80) {
            return 1;
        }
        if (b >= 0xc2 && b <= 0xdf) {
            return continues(bytes, i + 1, end, 0x80, 0xbf) ? 2 : 0;
        }
        if (b >= 0xe0 && b <= 0xef) {
            int low = b == 0xe0 ? 0xa0 : 0x80;
            int high = b == 0xed ? 0x9f : 0xbf;
            return continues(bytes, i + 1, end, low, high) && continues(bytes, i + 2, end, 0x80, 0xbf) ? 3 : 0;
        }
        if (b >= 0xf0 && b <= 0xf4) {
            int low = b == 0xf0 ? 0x90 : 0x80;
            int high = b == 0xf4 ? 0x8f : 0xbf;
            return continues(bytes, i + 1, end, low, high) && continues(bytes, i + 2, end, 0x80, 0xbf)
                    && continues(bytes, i + 3, end, 0x80, 0xbf) ? 4 : 0;
        }
        return 0;
    }

    /** The code point of the well-formed sequence of {@code length} bytes at {@code bytes[i]}. */
    static int codePoint(byte[] bytes, int i, int length) {
        int b = bytes[i] & 0xff;
        return switch (length) {
            case 1 -> b;
            case 2 -> (b & 0x1f) << 6 | bytes[i + 1] & 0x3f;
            case 3 -> (b & 0x0f) << 12 | (bytes[i + 1] & 0x3f) << 6 | bytes[i + 2] & 0x3f;
            default -> (b & 0x07) << 18 | (bytes[i + 1] & 0x3f) << 12 | (bytes[i + 2] & 0x3f) << 6 | bytes[i + 3] & 0x3f;
        };
    }

    private static boolean continues(byte[] bytes, int i, int end, int low, int high) {
        if (i >= end) {
            return false;
        }
        int b = bytes[i] & 0xff;
        return b >= low && b <= high;
    }
}
