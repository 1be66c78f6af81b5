package io.lossforge.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes gzip-compressed ustar archives like npm's, for feeding the tar reader and converters. */
final class Tarballs {

    private Tarballs() {}

    /** One regular file per entry, in map order; names longer than 100 bytes go into a pax header. */
    static Path write(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                String name = entry.getKey();
                if (name.length() > 100) {
                    String record = " path=" + name + "\n";
                    // The length prefix counts itself.
                    int length = record.length()
                            + String.valueOf(record.length() + 3).length();
                    byte[] pax = (length + record).getBytes(StandardCharsets.UTF_8);
                    out.write(header("PaxHeader", pax.length, (byte) 'x'));
                    out.write(padded(pax));
                    name = name.substring(name.length() - 90);
                }
                out.write(header(name, entry.getValue().length, (byte) '0'));
                out.write(padded(entry.getValue()));
            }
            out.write(new byte[1024]);
        }
        return file;
    }

    static byte[] header(String name, long size, byte type) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", 0));
        header[156] = type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static byte[] padded(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, at, bytes.length);
    }
}
