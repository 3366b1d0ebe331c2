package io.dmon.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A plain-text table: a header row and left-aligned columns two spaces apart, the last column
 * unpadded (it holds the long free text: a command, labels). With a width, every line is cut to
 * it, so that a long command does not wrap on a terminal.
 */
public final class Table {
    private static final String GAP = "  ";

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(String... header) {
        this.columns = header.length;
        rows.add(header.clone());
    }

    /** Adds a row; it must have as many cells as the header. */
    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** The table, each line ending with a line break, cut to {@code width} columns when given. */
    public String render(OptionalInt width) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                widths[c] = Math.max(widths[c], length(row[c]));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - length(row[c]))).append(GAP);
                }
            }
            out.append(cut(line.toString(), width)).append('\n');
        }
        return out.toString();
    }

    /** {@code text} cut to {@code width} code points, never splitting a surrogate pair. */
    static String cut(String text, OptionalInt width) {
        String trimmed = text.stripTrailing();
        if (width.isEmpty() || length(trimmed) <= width.getAsInt()) {
            return trimmed;
        }
        return trimmed.substring(0, trimmed.offsetByCodePoints(0, Math.max(0, width.getAsInt()))).stripTrailing();
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
