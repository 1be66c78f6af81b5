package io.lossforge.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The IDX files of MNIST and its relatives (Fashion-MNIST, KMNIST, EMNIST): big-endian headers, then
 * unsigned bytes. Images: magic {@code 0x00000803}, count, rows, columns, then count × rows × columns
 * pixels. Labels: magic {@code 0x00000801}, count, then one byte per image. Each file may be gzipped
 * ({@code .gz}, as the files are usually downloaded); the uncompressed name is preferred if both exist.
 * Grey-scale, so the shape is 1 × rows × columns; classes = largest label + 1.
 */
enum IdxFormat implements UserFormat {
    INSTANCE;

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    /** The header of an images file, and its pixels unless only the header was read. */
    private record Images(Path file, int count, ImageShape shape, byte[] pixels) {}

    @Override
    public String source() {
        return "idx";
    }

    @Override
    public List<String> requiredFiles() {
        return List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    }

    @Override
    public Optional<Path> locate(Path directory, String required) {
        return UserFormat.super
                .locate(directory, required)
                .or(() -> UserFormat.super.locate(directory, required + ".gz"));
    }

    @Override
    public DatasetInfo describe(String name, Path directory) {
        Images train = images(file(directory, TRAIN_IMAGES), false);
        Images test = images(file(directory, TEST_IMAGES), false);
        return new DatasetInfo(
                name,
                source(),
                true,
                sameShape(train, test),
                classes(
                        directory,
                        labels(file(directory, TRAIN_LABELS), train),
                        labels(file(directory, TEST_LABELS), test)));
    }

    @Override
    public DatasetContent read(Path directory) {
        Images train = images(file(directory, TRAIN_IMAGES), true);
        Images test = images(file(directory, TEST_IMAGES), true);
        ImageShape shape = sameShape(train, test);
        byte[] trainLabels = labels(file(directory, TRAIN_LABELS), train);
        byte[] testLabels = labels(file(directory, TEST_LABELS), test);
        return new DatasetContent(
                shape,
                classes(directory, trainLabels, testLabels),
                new ImageSplit(shape, trainLabels, train.pixels()),
                new ImageSplit(shape, testLabels, test.pixels()));
    }

    private Path file(Path directory, String required) {
        return locate(directory, required).orElseThrow(() -> Failures.corrupt(directory + " lacks " + required));
    }

    private static Images images(Path file, boolean withPixels) {
        try (InputStream in = open(file)) {
            int[] header = header(in, file, IMAGES_MAGIC, "images: unsigned bytes, 3 dimensions", 3);
            int count = header[0];
            int rows = header[1];
            int columns = header[2];
            if (count < 1 || rows < 1 || columns < 1) {
                throw Failures.corrupt(file + " announces " + count + " images of " + rows + "x" + columns
                        + "; all three must be positive");
            }
            ImageShape shape = new ImageShape(1, rows, columns);
            long bytes = (long) count * shape.size();
            if (bytes > Integer.MAX_VALUE - 8) {
                throw Failures.corrupt(file + " announces " + bytes + " bytes of pixels, more than one array can hold");
            }
            byte[] pixels = withPixels ? body(in, file, (int) bytes, count + " images of " + shape) : null;
            return new Images(file, count, shape, pixels);
        } catch (IOException e) {
            throw Failures.reading(file, e);
        }
    }

    private static byte[] labels(Path file, Images images) {
        try (InputStream in = open(file)) {
            int count = header(in, file, LABELS_MAGIC, "labels: unsigned bytes, 1 dimension", 1)[0];
            if (count != images.count()) {
                throw Failures.corrupt(file + " announces " + count + " labels but " + images.file() + " holds "
                        + images.count() + " images");
            }
            return body(in, file, count, count + " labels");
        } catch (IOException e) {
            throw Failures.reading(file, e);
        }
    }

    /**
     * The {@code dimensions} sizes after the magic number. The magic is checked first: it tells a labels
     * file from an images file, which says more than "too short".
     */
    private static int[] header(InputStream in, Path file, int magic, String meaning, int dimensions)
            throws IOException {
        int length = Integer.BYTES * (1 + dimensions);
        ByteBuffer header = ByteBuffer.wrap(in.readNBytes(length));
        if (header.capacity() >= Integer.BYTES && header.getInt(0) != magic) {
            throw Failures.corrupt(String.format(
                    "%s does not start with the IDX magic number 0x%08x (%s) but with " + "0x%08x",
                    file, magic, meaning, header.getInt(0)));
        }
        if (header.capacity() < length) {
            throw Failures.corrupt(file + " is too short for an IDX header (" + length + " bytes)");
        }
        int[] sizes = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            sizes[d] = header.getInt(Integer.BYTES * (1 + d));
        }
        return sizes;
    }

    /** Exactly {@code length} bytes must follow the header: fewer is a truncated file, more a wrong header. */
    private static byte[] body(InputStream in, Path file, int length, String announced) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw Failures.corrupt(file + " is truncated: its header announces " + announced + " (" + length
                    + " bytes) but only " + bytes.length + " bytes follow");
        }
        if (in.read() != -1) {
            throw Failures.corrupt(file + " has more data than the " + announced + " its header announces");
        }
        return bytes;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static ImageShape sameShape(Images train, Images test) {
        if (!train.shape().equals(test.shape())) {
            throw Failures.corrupt(test.file() + " holds images of " + test.shape() + " but " + train.file()
                    + " holds images of " + train.shape());
        }
        return train.shape();
    }

    private static int classes(Path directory, byte[] trainLabels, byte[] testLabels) {
        int classes = DatasetContent.classesOf(trainLabels, testLabels);
        if (classes < 2) {
            throw Failures.corrupt(
                    "every label in " + directory + " is 0, but classification needs at least 2 classes");
        }
        return classes;
    }
}
