package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ImageSplitTest {

    private static final ImageShape SHAPE = new ImageShape(1, 2, 2);
    // Two images: 0, 1, 128, 255 and 7, 8, 9, 10; labels 3 and 200 (labels are unsigned bytes).
    private final ImageSplit split =
            new ImageSplit(SHAPE, new byte[] {3, (byte) 200}, new byte[] {0, 1, (byte) 128, (byte) 255, 7, 8, 9, 10});

    @Test
    void labelsAreUnsigned() {
        assertThat(split.size()).isEqualTo(2);
        assertThat(split.label(0)).isEqualTo(3);
        assertThat(split.label(1)).isEqualTo(200);
        assertThatThrownBy(() -> split.label(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesPixelsAsByteOver255IntoArrays() {
        float[] dst = new float[6];
        split.copyImage(0, dst, 1);

        assertThat(dst).containsExactly(0f, 0f, 1 / 255f, 128 / 255f, 1f, 0f);
        assertThatThrownBy(() -> split.copyImage(1, dst, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesIntoDirectBuffersAtTheirPositionAndAdvancesIt() {
        FloatBuffer dst = ByteBuffer.allocateDirect(9 * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        dst.put(-1f);
        split.copyImage(1, dst);
        split.copyImage(0, dst);

        assertThat(dst.position()).isEqualTo(9);
        assertThat(dst.get(0)).isEqualTo(-1f);
        assertThat(dst.get(1)).isEqualTo(7 / 255f);
        assertThat(dst.get(4)).isEqualTo(10 / 255f);
        assertThat(dst.get(8)).isEqualTo(1f);
    }

    @Test
    void aTooSmallBufferIsLeftUntouched() {
        FloatBuffer dst = FloatBuffer.allocate(3);

        assertThatThrownBy(() -> split.copyImage(0, dst)).isInstanceOf(BufferOverflowException.class);
        assertThat(dst.position()).isZero();
        assertThat(dst.array()).containsOnly(0f);
    }

    @Test
    void rejectsPixelsThatDoNotMatchTheLabels() {
        assertThatThrownBy(() -> new ImageSplit(SHAPE, new byte[2], new byte[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 8 pixel bytes");
    }
}
