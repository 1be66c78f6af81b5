package io.lossforge.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned text columns for the human form of list output: a header row, then one row per item, columns
 * two spaces apart. Numbers read best right-aligned ({@link #alignRight}); the last column, usually free
 * text such as an expression, is left unpadded so that lines carry no trailing spaces.
 */
final class Table {

    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header.clone();
        this.right = new boolean[header.length];
    }

    /** Right-aligns the columns with the given (0-based) indices, header included. */
    Table alignRight(int... columns) {
        for (int column : columns) {
            right[column] = true;
        }
        return this;
    }

    /** Adds a row with one cell per column; a null cell prints as "-". */
    Table add(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(cell -> cell == null ? "-" : cell).toArray(String[]::new));
        return this;
    }

    /** The header line followed by one line per row. */
    List<String> lines() {
        int[] width = new int[header.length];
        for (int i = 0; i < width.length; i++) {
            width[i] = header[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(width, header));
        rows.forEach(row -> lines.add(line(width, row)));
        return lines;
    }

    void print(PrintWriter out) {
        lines().forEach(out::println);
    }

    private String line(int[] width, String[] cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String gap = " ".repeat(width[i] - cells[i].length());
            if (i > 0) {
                line.append("  ");
            }
            if (right[i]) {
                line.append(gap).append(cells[i]);
            } else {
                line.append(cells[i]).append(i < cells.length - 1 ? gap : "");
            }
        }
        return line.toString();
    }
}
