package io.lossforge.dataset;

/**
 * A loaded dataset: a training and a test split of labelled images of one shape. Immutable and safe to
 * share between threads; obtain one from {@link DatasetRepository#load}.
 */
public final class ImageDataset {

    private final String name;
    private final DatasetContent content;
    private final String checksum;

    ImageDataset(String name, DatasetContent content, String checksum) {
        this.name = name;
        this.content = content;
        this.checksum = checksum;
    }

    public String name() {
        return name;
    }

    public ImageShape shape() {
        return content.shape();
    }

    /** The number of classes; every label is in 0..classes-1. */
    public int classes() {
        return content.classes();
    }

    public ImageSplit train() {
        return content.train();
    }

    public ImageSplit test() {
        return content.test();
    }

    /**
     * The SHA-256, in lower-case hex, of the cached bytes (shape, classes, split sizes, labels and
     * pixels): it identifies the data a model was trained on, whatever the source files looked like.
     */
    public String checksum() {
        return checksum;
    }

    @Override
    public String toString() {
        return name + " (" + train().size() + " train + " + test().size() + " test images of " + shape() + ", "
                + classes() + " classes, sha256 " + checksum + ")";
    }
}
