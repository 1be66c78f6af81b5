package io.lossforge.api.trial;

import java.util.Arrays;
import java.util.Base64;

/**
 * Which images of a trial's validation split the trained model classified correctly: one bit per image,
 * immutable. The wire form ({@link TrialResult#validationCorrect()}) is standard base64 with padding
 * (RFC 4648 §4, no line breaks) of {@code ceil(size / 8)} bytes in little-endian bit order: image {@code
 * i} is bit {@code i % 8} (value {@code 1 << (i % 8)}) of byte {@code i / 8}; a set bit means correct;
 * the unused high bits of the last byte are zero. Image {@code i} is the {@code i}-th image of the
 * trainer's evaluation order, which depends only on the task (see {@link TrialResult}), so the bits of
 * two trials of the same task can be compared image by image (a paired test such as McNemar's).
 *
 * <p>Size: 2,000 images (the default task) take 250 bytes, 336 characters of base64; the task maximum of
 * 100,000 images about 17 KB.
 */
public final class CorrectnessBits {

    private final byte[] bytes;
    private final int size;
    private final int count;

    private CorrectnessBits(byte[] bytes, int size) {
        this.bytes = bytes;
        this.size = size;
        int ones = 0;
        for (byte b : bytes) {
            ones += Integer.bitCount(b & 0xff);
        }
        this.count = ones;
    }

    /** The bits of {@code correct}: image {@code i} is correct when {@code correct[i]}. */
    public static CorrectnessBits of(boolean[] correct) {
        byte[] bytes = new byte[byteCount(correct.length)];
        for (int i = 0; i < correct.length; i++) {
            if (correct[i]) {
                bytes[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return new CorrectnessBits(bytes, correct.length);
    }

    /**
     * Decodes the wire form of {@code images} images.
     *
     * @throws IllegalArgumentException when {@code base64} is null, not canonical standard base64 with
     *     padding, does not hold exactly {@code ceil(images / 8)} bytes, or sets a bit beyond image {@code
     *     images - 1}; or when {@code images} is negative. The message says which.
     */
    public static CorrectnessBits fromBase64(String base64, int images) {
        if (images < 0) {
            throw new IllegalArgumentException("the number of images must not be negative, got " + images);
        }
        if (base64 == null) {
            throw new IllegalArgumentException("the correctness bits are missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the correctness bits are not base64: " + e.getMessage(), e);
        }
        // The JDK decoder also accepts text without padding or with stray low bits in the last character:
        // only the one canonical text of these bytes is the wire form.
        if (!Base64.getEncoder().encodeToString(bytes).equals(base64)) {
            throw new IllegalArgumentException(
                    "the correctness bits are not canonical standard base64 (with padding, no line breaks)");
        }
        if (bytes.length != byteCount(images)) {
            throw new IllegalArgumentException("the correctness bits hold " + bytes.length + " bytes, " + images
                    + " images need " + byteCount(images));
        }
        if (images % 8 != 0 && (bytes[bytes.length - 1] & 0xff) >>> (images % 8) != 0) {
            throw new IllegalArgumentException(
                    "the correctness bits set a bit beyond the last of " + images + " images");
        }
        return new CorrectnessBits(bytes, images);
    }

    /** The wire form: standard base64 with padding of the little-endian bit array. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Whether image {@code i} was classified correctly.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public boolean get(int i) {
        java.util.Objects.checkIndex(i, size);
        return (bytes[i >>> 3] & (1 << (i & 7))) != 0;
    }

    /** The number of images. */
    public int size() {
        return size;
    }

    /** The number of images classified correctly. */
    public int count() {
        return count;
    }

    /**
     * The images classified correctly here and wrongly in {@code other}: one side of the discordant pairs
     * of a paired comparison (McNemar's test uses both sides).
     *
     * @throws IllegalArgumentException when the two are of different sizes (not the same images)
     */
    public int correctOnlyHere(CorrectnessBits other) {
        if (other.size != size) {
            throw new IllegalArgumentException(
                    "bits of " + size + " and " + other.size + " images do not pair image by image");
        }
        int only = 0;
        for (int i = 0; i < bytes.length; i++) {
            only += Integer.bitCount(bytes[i] & ~other.bytes[i] & 0xff);
        }
        return only;
    }

    /** {@code count() / size()}, the accuracy these bits stand for; NaN for no images. */
    public double accuracy() {
        return (double) count / size;
    }

    private static int byteCount(int images) {
        return (images + 7) >>> 3;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CorrectnessBits that && size == that.size && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "CorrectnessBits[" + count + "/" + size + "]";
    }
}
