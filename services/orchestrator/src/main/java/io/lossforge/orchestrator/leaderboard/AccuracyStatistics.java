package io.lossforge.orchestrator.leaderboard;

import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * What the data supports about a validation accuracy: its 95 % interval, and the paired comparison of two
 * classifiers on the same images. Wilson's score interval (not the normal approximation, which leaves
 * [0, 1] and is too narrow near the ends); McNemar's exact test: under "equally good" the images that
 * exactly one of the two got right are a fair coin's throws, so the p-value is a two-sided binomial test
 * on those discordant images.
 */
final class AccuracyStatistics {

    static final double CONFIDENCE = 0.95;

    private AccuracyStatistics() {}

    /** {low, high} of the 95 % interval of {@code accuracy} measured on {@code images} images. */
    static double[] interval(double accuracy, int images) {
        int correct = (int) Math.round(accuracy * images);
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(images, correct, CONFIDENCE);
        return new double[] {ci.getLowerBound(), ci.getUpperBound()};
    }

    /**
     * The exact two-sided McNemar p-value for {@code onlyFirst} images right under the first classifier
     * only and {@code onlySecond} under the second only (1 when there are none: no evidence either way).
     */
    static double mcNemar(int onlyFirst, int onlySecond) {
        int discordant = onlyFirst + onlySecond;
        if (discordant == 0) {
            return 1.0;
        }
        return new BinomialTest().binomialTest(discordant, onlyFirst, 0.5, AlternativeHypothesis.TWO_SIDED);
    }
}
