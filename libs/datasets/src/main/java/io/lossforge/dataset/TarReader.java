package io.lossforge.dataset;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a gzip-compressed tar archive (an npm tarball) in one streaming pass, without
 * extracting anything to disk: the built-in packages are 40–140 MB and only a few entries are needed.
 *
 * <p>Understands what npm writes: 512-byte ustar headers (name plus the 155-byte prefix for longer paths)
 * and pax extended headers carrying a {@code path}. Every header's checksum is verified, so that a file
 * that merely decompresses is not mistaken for an archive.
 */
final class TarReader {

    /** Receives one regular file; it may read any part of {@code content}, the rest is skipped. */
    interface EntryHandler {
        void entry(String name, InputStream content) throws IOException;
    }

    private static final int BLOCK = 512;

    private final InputStream in;
    private final Path archive;
    private final byte[] scratch = new byte[1 << 16];

    private TarReader(InputStream in, Path archive) {
        this.in = in;
        this.archive = archive;
    }

    /** Calls {@code handler} for each regular file of {@code archive}, in archive order. */
    static void read(Path archive, EntryHandler handler) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            new TarReader(in, archive).each(handler);
        } catch (IOException e) {
            throw Failures.reading(archive, e);
        }
    }

    private void each(EntryHandler handler) throws IOException {
        byte[] header = new byte[BLOCK];
        String paxPath = null;
        long offset = 0;
        while (true) {
            int n = in.readNBytes(header, 0, BLOCK);
            // Strictly an archive ends with two zero blocks; tolerate their absence, not a partial header.
            if (n == 0 || n == BLOCK && isZero(header)) {
                return;
            }
            if (n < BLOCK) {
                throw new EOFException();
            }
            verifyChecksum(header, offset);
            long size = octal(header, 124, 12, offset);
            byte type = header[156];
            Entry content = new Entry(size);
            if (type == 'x') {
                paxPath = paxPath(content.readAllBytes());
            } else {
                String name = paxPath != null ? paxPath : name(header);
                paxPath = null;
                // '0' and NUL are regular files; directories, links and global pax headers carry no data we need.
                if (type == '0' || type == 0) {
                    handler.entry(name, content);
                }
            }
            skip(content.remaining + (BLOCK - size % BLOCK) % BLOCK);
            offset += BLOCK + (size + BLOCK - 1) / BLOCK * BLOCK;
        }
    }

    private void verifyChecksum(byte[] header, long offset) {
        long expected = octal(header, 148, 8, offset);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            // The checksum field itself counts as eight spaces.
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        if (sum != expected) {
            throw Failures.corrupt(
                    archive + " is not a valid tar archive: the header at byte " + offset + " has a wrong checksum");
        }
    }

    /** An octal number field, NUL- or space-terminated, as ustar stores sizes and checksums. */
    private long octal(byte[] header, int from, int length, long offset) {
        long value = 0;
        int i = from;
        while (i < from + length && header[i] == ' ') {
            i++;
        }
        for (; i < from + length && header[i] != 0 && header[i] != ' '; i++) {
            if (header[i] < '0' || header[i] > '7') {
                throw Failures.corrupt(archive + " is not a valid tar archive: the header at byte " + offset
                        + " has a non-octal number field");
            }
            value = value * 8 + header[i] - '0';
        }
        return value;
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        boolean ustar = text(header, 257, 5).equals("ustar");
        String prefix = ustar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} record of a pax header: records are {@code "<length> <key>=<value>\n"}. */
    private static String paxPath(byte[] records) {
        for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String text(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Skips by reading: a gzip stream cannot seek, and its own skip reads 512 bytes at a time. */
    private void skip(long bytes) throws IOException {
        while (bytes > 0) {
            int n = in.read(scratch, 0, (int) Math.min(bytes, scratch.length));
            if (n < 0) {
                throw new EOFException();
            }
            bytes -= n;
        }
    }

    /** The data of one entry: reads stop at its end, and closing it leaves the archive open. */
    private final class Entry extends InputStream {
        private long remaining;

        Entry(long size) {
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException();
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() {
            // The archive stream outlives its entries.
        }
    }
}
