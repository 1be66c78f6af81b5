package io.lossforge.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A streaming reader for the two JSON shapes of the built-in packages: a flat array of labels
 * ({@code [3, 8, 8, ...]}) and an array of images, each an array of pixel values
 * ({@code {"data": [[0, 0, 9, ...], ...]}}). All values are integers in 0..255 and are returned as bytes.
 *
 * <p>Digits are parsed by hand from a byte buffer: Fashion-MNIST holds 55 million numbers in 155 MB of
 * JSON, which a JSON tree would need seconds and gigabytes for; this needs about a second and one row.
 * Everything before the first {@code [} (the {@code {"data":} wrapper) is skipped; after it only
 * arrays, commas, white space and unsigned integers are accepted.
 */
final class JsonInts {

    /** Receives each inner array; {@code values} is reused, only its first {@code count} bytes are valid. */
    interface RowHandler {
        void row(byte[] values, int count);
    }

    private final InputStream in;
    private final String file;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    /** Bytes consumed before the buffer's start, for messages. */
    private long consumed;

    private JsonInts(InputStream in, String file) {
        this.in = in;
        this.file = file;
    }

    /** Reads an array of arrays of values, e.g. the images of one Fashion-MNIST class; {@code file} names it in errors. */
    static void readRows(InputStream in, String file, RowHandler handler) throws IOException {
        JsonInts reader = new JsonInts(in, file);
        reader.skipPast('[');
        Values row = new Values();
        int c = reader.significant();
        while (c != ']') {
            reader.check(c == '[', c, "'[' or ']'");
            row.count = 0;
            reader.readArray(row);
            handler.row(row.bytes, row.count);
            c = reader.separator();
        }
    }

    /** Reads a flat array of values, e.g. labels; {@code file} names it in errors. */
    static byte[] readValues(InputStream in, String file) throws IOException {
        JsonInts reader = new JsonInts(in, file);
        reader.skipPast('[');
        Values values = new Values();
        reader.readArray(values);
        return Arrays.copyOf(values.bytes, values.count);
    }

    /** Reads values up to and including the ']' of an array whose '[' has been consumed. */
    private void readArray(Values into) throws IOException {
        int c = significant();
        while (c != ']') {
            into.add(number(c));
            c = separator();
        }
    }

    /** After an element: consumes a ',' and returns the next element's first character, or returns ']'. */
    private int separator() throws IOException {
        int c = significant();
        if (c == ',') {
            return significant();
        }
        check(c == ']', c, "',' or ']'");
        return c;
    }

    /** A number whose first character, {@code c}, has been consumed; the character after it is not. */
    private int number(int c) throws IOException {
        check(c >= '0' && c <= '9', c, "a number");
        int value = c - '0';
        while (true) {
            if (position == limit && !fill()) {
                return value;
            }
            int d = buffer[position] - '0';
            if (d < 0 || d > 9) {
                return value;
            }
            position++;
            value = value * 10 + d;
            if (value > 255) {
                throw Failures.corrupt(file + " holds a value above 255 at byte " + (consumed + position));
            }
        }
    }

    private void skipPast(int wanted) throws IOException {
        int c;
        do {
            c = next();
        } while (c != wanted && c != -1);
        if (c == -1) {
            throw Failures.corrupt(file + " holds no JSON array");
        }
    }

    /** The next character that is not JSON white space; the end of the input is an error here. */
    private int significant() throws IOException {
        int c;
        do {
            c = next();
        } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
        if (c == -1) {
            throw Failures.corrupt(file + " ends in the middle of its JSON array (truncated?)");
        }
        return c;
    }

    private int next() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    private boolean fill() throws IOException {
        consumed += limit;
        position = 0;
        limit = Math.max(0, in.read(buffer));
        return limit > 0;
    }

    private void check(boolean ok, int found, String expected) {
        if (!ok) {
            String what = found >= ' ' && found < 127 ? "'" + (char) found + "'" : "byte " + found;
            throw Failures.corrupt(file + " is not the expected JSON: expected " + expected + " at byte "
                    + (consumed + position - 1) + " but found " + what);
        }
    }

    /** A growable byte array: rows have 784 or 3072 values, label arrays tens of thousands. */
    private static final class Values {
        byte[] bytes = new byte[4096];
        int count;

        void add(int value) {
            if (count == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[count++] = (byte) value;
        }
    }
}
