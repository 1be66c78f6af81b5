package io.lossforge.dataset;

/**
 * The shape of one image, channels first (C × H × W), as every split stores its pixels.
 *
 * @param channels 1 for grey-scale, 3 for RGB
 * @param height   rows of pixels
 * @param width    columns of pixels
 */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive, got " + channels + "x" + height + "x" + width);
        }
        // One image must fit in an int-indexed array (images are copied into float[] by callers).
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "an image of " + channels + "x" + height + "x" + width + " is too large");
        }
    }

    /** Values per image: C · H · W. */
    public int size() {
        return channels * height * width;
    }

    /** {@code CxHxW}, e.g. {@code 3x32x32}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
