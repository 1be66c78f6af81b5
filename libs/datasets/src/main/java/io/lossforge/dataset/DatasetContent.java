package io.lossforge.dataset;

/**
 * What a converter produces and the cache stores: both splits of one image shape and the class count.
 * The constructor checks what every reader relies on, so a bug in a converter cannot reach a cache.
 */
record DatasetContent(ImageShape shape, int classes, ImageSplit train, ImageSplit test) {

    /** Labels are stored as unsigned bytes. */
    static final int MAX_CLASSES = 256;

    DatasetContent {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be in 1.." + MAX_CLASSES + ", got " + classes);
        }
        for (ImageSplit split : new ImageSplit[] {train, test}) {
            if (!split.shape().equals(shape)) {
                throw new IllegalArgumentException("a split of " + split.shape() + " images in a dataset of " + shape);
            }
            for (byte label : split.labelBytes()) {
                if ((label & 0xFF) >= classes) {
                    throw new IllegalArgumentException("label " + (label & 0xFF) + " outside 0.." + (classes - 1));
                }
            }
        }
    }

    /** The class count of labels 0..max, i.e. the largest label of either split plus one. */
    static int classesOf(byte[]... labelArrays) {
        int max = 0;
        for (byte[] labels : labelArrays) {
            for (byte label : labels) {
                max = Math.max(max, label & 0xFF);
            }
        }
        return max + 1;
    }
}
