package io.dmon.cli.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A job's line made safe for the operator's terminal: every byte that could drive it is written
 * as visible text instead, so that a job cannot move the cursor, retitle the window, clear the
 * screen or answer back through the terminal. ESC (which starts every escape sequence, leaving
 * the rest of the sequence as plain text) becomes {@code \e}; the other C0 controls but TAB, and
 * DEL, become {@code \xNN}; the C1 controls U+0080 to U+009F become <code>&#92;u0080</code> to
 * <code>&#92;u009f</code>, and bytes 0x80 to 0x9F that are not part of a UTF-8 sequence (C1 controls
 * to a terminal in an 8-bit mode) {@code \xNN}. Everything else, other bytes that are not UTF-8
 * included (Latin-1 text stays readable on a Latin-1 terminal), is written as it is; a backslash
 * is not escaped, so this is a view, not a reversible encoding (--raw and --json are those).
 */
public final class VisibleControls {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private VisibleControls() {
    }

    /** Writes {@code line} with its controls made visible. */
    public static void write(byte[] line, OutputStream out) throws IOException {
        int run = 0;
        int i = 0;
        while (i < line.length) {
            int b = line[i] & 0xff;
            if (b < 0x80) {
                if ((b < 0x20 && b != '\t') || b == 0x7f) {
                    out.write(line, run, i - run);
                    if (b == 0x1b) {
                        out.write('\\');
                        out.write('e');
                    } else {
                        hex(out, b);
                    }
                    run = i + 1;
                }
                i++;
                continue;
            }
            int length = Utf8Sequences.length(line, i, line.length);
            if (length == 0) {
                if (b <= 0x9f) {
                    out.write(line, run, i - run);
                    hex(out, b);
                    run = i + 1;
                }
                i++;
            } else if (length == 2 && b == 0xc2 && (line[i + 1] & 0xff) <= 0x9f) {
                out.write(line, run, i - run);
                out.write('\\');
                out.write('u');
                out.write('0');
                out.write('0');
                out.write(HEX[(line[i + 1] & 0xff) >> 4]);
                out.write(HEX[line[i + 1] & 0x0f]);
                i += 2;
                run = i;
            } else {
                i += length;
            }
        }
        out.write(line, run, i - run);
    }

    private static void hex(OutputStream out, int b) throws IOException {
        out.write('\\');
        out.write('x');
        out.write(HEX[b >> 4]);
        out.write(HEX[b & 0x0f]);
    }
}
