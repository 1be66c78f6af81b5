package io.lossforge.dataset;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Small datasets in the user formats, with content that tests can predict: image i has label
 * {@code i % classes} and pixel j of it is {@link #pixel}(i, j), so a reader that shifts, swaps or drops
 * anything is caught.
 */
final class Synthetic {

    private Synthetic() {}

    static int pixel(int image, int position) {
        return (image * 31 + position * 7) & 0xFF;
    }

    /** MNIST-style IDX files of {@code rows} × {@code columns} images, each optionally gzipped. */
    static Path idx(Path directory, int train, int test, int classes, int rows, int columns, boolean gzip)
            throws IOException {
        Files.createDirectories(directory);
        String suffix = gzip ? ".gz" : "";
        write(directory.resolve("train-images-idx3-ubyte" + suffix), idxImages(train, rows, columns, 0), gzip);
        write(directory.resolve("train-labels-idx1-ubyte" + suffix), idxLabels(train, classes, 0), gzip);
        write(directory.resolve("t10k-images-idx3-ubyte" + suffix), idxImages(test, rows, columns, train), gzip);
        write(directory.resolve("t10k-labels-idx1-ubyte" + suffix), idxLabels(test, classes, train), gzip);
        return directory;
    }

    /** Images {@code first ..} of the predictable sequence, so train and test content differ. */
    static byte[] idxImages(int count, int rows, int columns, int first) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < rows * columns; j++) {
                out.write(pixel(first + i, j));
            }
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int count, int classes, int first) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.write((first + i) % classes);
        }
        return bytes.toByteArray();
    }

    /** CIFAR-10 binary batches: five training files of {@code perBatch} records and a test file. */
    static Path cifar10(Path directory, int perBatch, int test) throws IOException {
        Files.createDirectories(directory);
        for (int batch = 1; batch <= 5; batch++) {
            write(
                    directory.resolve("data_batch_" + batch + ".bin"),
                    cifarRecords((batch - 1) * perBatch, perBatch, false),
                    false);
        }
        write(directory.resolve("test_batch.bin"), cifarRecords(5 * perBatch, test, false), false);
        return directory;
    }

    /** CIFAR-100 binary files: fine label {@code i % 100}, coarse label {@code fine / 5}. */
    static Path cifar100(Path directory, int train, int test) throws IOException {
        Files.createDirectories(directory);
        write(directory.resolve("train.bin"), cifarRecords(0, train, true), false);
        write(directory.resolve("test.bin"), cifarRecords(train, test, true), false);
        return directory;
    }

    static byte[] cifarRecords(int first, int count, boolean hundred) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = first; i < first + count; i++) {
            if (hundred) {
                out.write(i % 100 / 5);
                out.write(i % 100);
            } else {
                out.write(i % 10);
            }
            for (int j = 0; j < 3072; j++) {
                out.write(pixel(i, j));
            }
        }
        return out.toByteArray();
    }

    static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out =
                gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
