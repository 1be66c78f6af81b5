package io.lossforge.trainer;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small learnable dataset in the official MNIST IDX format into {@code dataRoot/name}, so the
 * trainer's real dataset path (directory scan, IDX parsing, cache) serves tests without downloads.
 * Class k brightens rows 2k+4 .. 2k+5 of a noisy 28 × 28 image.
 */
public final class SyntheticIdxDataset {

    private SyntheticIdxDataset() {}

    public static void write(Path dataRoot, String name, int train, int test) throws IOException {
        Path dir = Files.createDirectories(dataRoot.resolve(name));
        writeSplit(dir, "train", train, 1);
        writeSplit(dir, "t10k", test, 2);
    }

    private static void writeSplit(Path dir, String prefix, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * 784];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            for (int j = 0; j < 784; j++) {
                int row = j / 28;
                boolean band = row >= label * 2 + 4 && row < label * 2 + 6;
                pixels[i * 784 + j] = (byte) (random.nextInt(150) + (band ? 100 : 0));
            }
        }
        try (DataOutputStream out =
                new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        try (DataOutputStream out =
                new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            out.write(labels);
        }
    }
}
