package io.lossforge.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny user datasets for the CLI tests, in the two user formats; image i of a split has label i % classes. */
final class UserDatasets {

    private UserDatasets() {}

    /** CIFAR-10 binary: five training batches of {@code perBatch} records and a test batch. */
    static Path cifar10(Path directory, int perBatch, int test) throws IOException {
        Files.createDirectories(directory);
        for (int batch = 1; batch <= 5; batch++) {
            Files.write(
                    directory.resolve("data_batch_" + batch + ".bin"), cifarRecords((batch - 1) * perBatch, perBatch));
        }
        Files.write(directory.resolve("test_batch.bin"), cifarRecords(0, test));
        return directory;
    }

    private static byte[] cifarRecords(int first, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = first; i < first + count; i++) {
            out.write(i % 10);
            out.writeBytes(new byte[3072]);
        }
        return out.toByteArray();
    }

    /** MNIST-style IDX files of 28 × 28 images with labels 0..classes-1. */
    static Path idx(Path directory, int train, int test, int classes) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve("train-images-idx3-ubyte"), idxImages(train));
        Files.write(directory.resolve("train-labels-idx1-ubyte"), idxLabels(train, classes));
        Files.write(directory.resolve("t10k-images-idx3-ubyte"), idxImages(test));
        Files.write(directory.resolve("t10k-labels-idx1-ubyte"), idxLabels(test, classes));
        return directory;
    }

    private static byte[] idxImages(int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(28);
        out.writeInt(28);
        out.write(new byte[count * 784]);
        return bytes.toByteArray();
    }

    private static byte[] idxLabels(int count, int classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.write(i % classes);
        }
        return bytes.toByteArray();
    }
}
