package io.lossforge.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.InfixPrinter;
import org.junit.jupiter.api.Test;

class LossCatalogTest {

    @Test
    void holdsTheReferenceLosses() {
        assertThat(LossCatalog.entries())
                .extracting(LossCatalog.Entry::name)
                .containsExactly("ce", "ngl", "focal", "poly1", "sce", "baikal", "mse");
        assertThat(LossCatalog.entries())
                .allSatisfy(entry -> assertThat(entry.source()).isNotBlank());
    }

    @Test
    void nglIsThePublishedFormulaWithMeanReduction() {
        Loss ngl = LossCatalog.find("NGL").orElseThrow().loss();
        assertThat(ngl.reduction()).isEqualTo(Reduction.MEAN);
        assertThat(InfixPrinter.print(ngl.expression())).isEqualTo("exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))");
    }

    /**
     * Per-sample NGL over 10 classes with the target probability t and the rest spread evenly
     * ((1 - t) / 9 each) is minimised near t = 0.39: NGL caps confidence far below 1.
     */
    @Test
    void nglOptimumForTenClassesIsNearPointThreeNine() {
        Expression ngl = LossCatalog.find("ngl").orElseThrow().loss().expression();
        double best = Double.NaN;
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 1; i < 10_000; i++) {
            double t = i / 10_000.0;
            double loss = ReferenceEvaluator.entry(ngl, t, 1).value()
                    + 9 * ReferenceEvaluator.entry(ngl, (1 - t) / 9, 0).value();
            if (loss < lowest) {
                lowest = loss;
                best = t;
            }
        }
        assertThat(best).isBetween(0.38, 0.40);
    }

    @Test
    void resolvesNamesAndExpressions() {
        assertThat(LossCatalog.resolve("ce", null).reduction()).isEqualTo(Reduction.SUM);
        assertThat(LossCatalog.resolve("ce", Reduction.MEAN).reduction()).isEqualTo(Reduction.MEAN);
        assertThat(LossCatalog.resolve("p * y", null))
                .isEqualTo(new Loss(Expression.call(Operator.MUL, Variable.P, Variable.Y), Reduction.MEAN));
        assertThatThrownBy(() -> LossCatalog.resolve("cee", null))
                .isInstanceOf(InvalidLossException.class)
                .hasMessageContaining("unknown name 'cee'");
    }
}
