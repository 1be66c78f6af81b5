package io.lossforge.api.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The wire form of per-image correctness: bit order, round trips, and every way a text can be wrong. */
class CorrectnessBitsTest {

    private static boolean[] random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] bits = new boolean[size];
        for (int i = 0; i < size; i++) {
            bits[i] = random.nextBoolean();
        }
        return bits;
    }

    @Test
    void imageIIsBitIModEightOfByteIDivEight() {
        boolean[] correct = new boolean[10];
        correct[0] = true; // byte 0, value 1
        correct[3] = true; // byte 0, value 8
        correct[9] = true; // byte 1, value 2
        CorrectnessBits bits = CorrectnessBits.of(correct);
        assertThat(Base64.getDecoder().decode(bits.toBase64())).containsExactly(0x09, 0x02);
        assertThat(bits.toBase64()).isEqualTo("CQI=");
        assertThat(bits.size()).isEqualTo(10);
        assertThat(bits.count()).isEqualTo(3);
        assertThat(bits.accuracy()).isEqualTo(0.3);
    }

    @Test
    void roundTripsEverySizeAroundByteBoundaries() {
        for (int size : List.of(0, 1, 7, 8, 9, 15, 16, 17, 2_000, 100_000)) {
            boolean[] correct = random(size, size);
            CorrectnessBits bits = CorrectnessBits.of(correct);
            CorrectnessBits decoded = CorrectnessBits.fromBase64(bits.toBase64(), size);
            assertThat(decoded).isEqualTo(bits).hasSameHashCodeAs(bits);
            int expectedCount = 0;
            for (int i = 0; i < size; i++) {
                assertThat(decoded.get(i)).as("image %d of %d", i, size).isEqualTo(correct[i]);
                expectedCount += correct[i] ? 1 : 0;
            }
            assertThat(decoded.count()).isEqualTo(expectedCount);
            assertThat(decoded.size()).isEqualTo(size);
        }
    }

    @Test
    void allCorrectAndNoneCorrect() {
        boolean[] all = new boolean[13];
        java.util.Arrays.fill(all, true);
        assertThat(CorrectnessBits.of(all).count()).isEqualTo(13);
        assertThat(CorrectnessBits.of(all).toBase64()).isEqualTo("/x8="); // 0xff, 0x1f
        assertThat(CorrectnessBits.of(new boolean[13]).count()).isZero();
    }

    @Test
    void theCopyGivenIsNotShared() {
        boolean[] correct = {true, false};
        CorrectnessBits bits = CorrectnessBits.of(correct);
        correct[1] = true;
        assertThat(bits.get(1)).isFalse();
    }

    @Test
    void aLengthOtherThanTheImagesNeedIsRefused() {
        String twoBytes = CorrectnessBits.of(new boolean[16]).toBase64();
        assertThatThrownBy(() -> CorrectnessBits.fromBase64(twoBytes, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 bytes")
                .hasMessageContaining("8 images need 1");
        assertThatThrownBy(() -> CorrectnessBits.fromBase64(twoBytes, 17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("17 images need 3");
    }

    @Test
    void aBitBeyondTheLastImageIsRefused() {
        String tenImagesAllSet = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0x03});
        assertThat(CorrectnessBits.fromBase64(tenImagesAllSet, 10).count()).isEqualTo(10);
        String eleventhSet = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0x07});
        assertThatThrownBy(() -> CorrectnessBits.fromBase64(eleventhSet, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond the last of 10 images");
        String highBit = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x80});
        assertThatThrownBy(() -> CorrectnessBits.fromBase64(highBit, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond");
    }

    @Test
    void textThatIsNotCanonicalStandardBase64IsRefused() {
        String valid = CorrectnessBits.of(new boolean[] {true, true, false}).toBase64(); // "Aw=="
        assertThat(valid).isEqualTo("Aw==");
        for (String bad : List.of("A w==", "Aw=", "Aw", "Ax==", "A*==", "_w==", "Aw==\n", "AAAA====")) {
            assertThatThrownBy(() -> CorrectnessBits.fromBase64(bad, 3))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("base64");
        }
        assertThatThrownBy(() -> CorrectnessBits.fromBase64(null, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> CorrectnessBits.fromBase64("", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void getOutsideTheImagesThrows() {
        CorrectnessBits bits = CorrectnessBits.of(new boolean[9]);
        assertThatThrownBy(() -> bits.get(9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> bits.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
