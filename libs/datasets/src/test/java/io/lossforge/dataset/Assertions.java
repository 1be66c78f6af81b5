package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.dataset.DatasetException.Kind;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Checks shared by the dataset tests. */
final class Assertions {

    private Assertions() {}

    /** Fails with a DatasetException of {@code kind} whose message contains every fragment. */
    static void assertFails(ThrowingCallable call, Kind kind, String... fragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DatasetException.class, e -> {
            assertThat(e.kind()).as("kind of: %s", e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(fragments).doesNotContain("\n");
        });
    }

    /** Image {@code index} of {@code split} holds Synthetic.pixel(image, j) for every j. */
    static void assertSyntheticImage(ImageSplit split, int index, int image, int size) {
        float[] pixels = new float[size];
        split.copyImage(index, pixels, 0);
        for (int j = 0; j < size; j++) {
            if (pixels[j] != Synthetic.pixel(image, j) / 255f) {
                throw new AssertionError("image " + index + " differs at " + j + ": " + pixels[j] * 255 + " instead of "
                        + Synthetic.pixel(image, j));
            }
        }
    }
}
