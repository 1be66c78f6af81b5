package io.lossforge.loss.reject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.reject.RejectionVerdict.Outcome;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RejectionProtocolTest {

    private static final RejectionProtocol STANDARD = RejectionProtocol.STANDARD;

    private static Loss loss(String text, Reduction reduction) {
        return LossCatalog.resolve(text, reduction);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce", "focal", "ngl", "-(y * log(p))"})
    void workingLossesPassInBothReductions(String text) {
        for (Reduction reduction : Reduction.values()) {
            RejectionVerdict verdict = STANDARD.test(loss(text, reduction));
            assertThat(verdict.rejected())
                    .as(text + " " + reduction + ": " + verdict.detail())
                    .isFalse();
            assertThat(verdict.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(verdict.steps()).isEqualTo(STANDARD.steps());
            assertThat(verdict.finalErrorRate())
                    .isLessThanOrEqualTo(Math.min(verdict.initialErrorRate(), 1.0 - 1.0 / STANDARD.classes())
                            - STANDARD.minimumFall());
            assertThat(verdict.label()).isEqualTo("ACCEPTED");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"p * p", "log(p)", "y * log(p)", "3"})
    void lossesWithoutYWrongWayOrConstantAreRejectedInBothReductions(String text) {
        for (Reduction reduction : Reduction.values()) {
            RejectionVerdict verdict = STANDARD.test(loss(text, reduction));
            assertThat(verdict.outcome())
                    .as(text + " " + reduction + ": " + verdict.detail())
                    .isEqualTo(Outcome.NO_IMPROVEMENT);
            assertThat(verdict.rejected()).isTrue();
            assertThat(verdict.label()).isEqualTo("REJECTED(NO_IMPROVEMENT)");
            assertThat(verdict.finalErrorRate()).isGreaterThan(verdict.initialErrorRate() - STANDARD.minimumFall());
            assertThat(verdict.detail()).contains("error rate went from").doesNotContain("\n");
        }
    }

    @Test
    void pushingTheTargetDownEndsWithEveryRowWrongAndAConstantMovesNothing() {
        RejectionVerdict wrongWay = STANDARD.test(loss("y * log(p)", null));
        assertThat(wrongWay.finalErrorRate()).isEqualTo(1.0);
        RejectionVerdict constant = STANDARD.test(loss("3", null));
        assertThat(constant.finalErrorRate()).isEqualTo(constant.initialErrorRate());
    }

    @Test
    void meanAndSumGiveTheSameErrorRatesSinceAdamIgnoresTheFactorC() {
        for (String text : new String[] {"ce", "focal", "ngl", "mse", "p * p", "y * log(p)"}) {
            RejectionVerdict mean = STANDARD.test(loss(text, Reduction.MEAN));
            RejectionVerdict sum = STANDARD.test(loss(text, Reduction.SUM));
            assertThat(sum.outcome()).as(text).isEqualTo(mean.outcome());
            assertThat(sum.initialErrorRate()).as(text).isEqualTo(mean.initialErrorRate());
            // Up to Adam's epsilon the steps are the same; at most a couple of rows may tip differently.
            assertThat(Math.abs(sum.finalErrorRate() - mean.finalErrorRate()))
                    .as(text)
                    .isLessThanOrEqualTo(2.0 / STANDARD.samples());
        }
    }

    @Test
    void theVerdictIsAFunctionOfLossAndParameters() {
        Loss ngl = loss("ngl", null);
        Loss square = loss("p * p", null);
        RejectionProtocol same = RejectionProtocol.builder().build();
        for (Loss each : new Loss[] {ngl, square}) {
            RejectionVerdict first = STANDARD.test(each);
            assertThat(STANDARD.test(each)).isEqualTo(first);
            assertThat(same.test(each)).isEqualTo(first);
        }
        // Another seed is another probe batch.
        RejectionProtocol other = RejectionProtocol.builder().seed(7L).build();
        assertThat(other.test(square).initialErrorRate())
                .isNotEqualTo(STANDARD.test(square).initialErrorRate());
    }

    @Test
    void aLossThatOverflowsOnTheWayIsRejectedAsNonFiniteWithTheStepAndWhat() {
        // Pushes the target up like CE, and exp overflows once p_target passes about 0.71.
        RejectionVerdict verdict = STANDARD.test(new Loss(Parser.parse("-exp(1000 * y * p)"), Reduction.MEAN));
        assertThat(verdict.outcome()).as(verdict.detail()).isEqualTo(Outcome.NON_FINITE);
        assertThat(verdict.rejected()).isTrue();
        assertThat(verdict.steps()).isBetween(1, STANDARD.steps() - 1);
        assertThat(verdict.detail())
                .startsWith("after " + verdict.steps() + " of " + STANDARD.steps() + " Adam steps")
                .containsAnyOf("Infinity", "NaN");
        // The error rate reported is where it stopped: it was falling until then.
        assertThat(verdict.finalErrorRate()).isLessThan(verdict.initialErrorRate());
    }

    @Test
    void aLossNonFiniteAtTheStartIsRejectedBeforeAnyStep() {
        RejectionVerdict verdict = STANDARD.test(new Loss(Parser.parse("y * exp(8000 * p)"), Reduction.SUM));
        assertThat(verdict.outcome()).as(verdict.detail()).isEqualTo(Outcome.NON_FINITE);
        assertThat(verdict.steps()).isZero();
        assertThat(verdict.finalErrorRate()).isEqualTo(verdict.initialErrorRate());
    }

    @Test
    void theStandardProtocolHasTheDocumentedParameters() {
        assertThat(STANDARD.samples()).isEqualTo(128);
        assertThat(STANDARD.classes()).isEqualTo(10);
        assertThat(STANDARD.steps()).isEqualTo(300);
        assertThat(STANDARD.learningRate()).isEqualTo(0.01);
        assertThat(STANDARD.minimumFall()).isEqualTo(0.1);
        assertThat(STANDARD.toString()).contains("samples=128", "steps=300", "learningRate=0.01");
    }

    @Test
    void otherParametersAreHonoured() {
        RejectionProtocol small = RejectionProtocol.builder()
                .samples(100)
                .classes(4)
                .steps(40)
                .learningRate(0.05)
                .minimumFall(0.2)
                .build();
        RejectionVerdict verdict = small.test(loss("ce", null));
        assertThat(verdict.outcome()).as(verdict.detail()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verdict.steps()).isEqualTo(40);
        assertThat(verdict.detail()).contains("100 probe rows (C = 4)");
        // Error rates are multiples of 1 / samples.
        assertThat(verdict.initialErrorRate() * 100)
                .isCloseTo(Math.rint(verdict.initialErrorRate() * 100), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void argumentsOutOfRangeAreRefusedByName() {
        refused(b -> b.samples(99), "samples");
        refused(b -> b.samples(4_097), "samples");
        refused(b -> b.classes(1), "classes");
        refused(b -> b.classes(1_001), "classes");
        refused(b -> b.steps(0), "steps");
        refused(b -> b.steps(10_001), "steps");
        refused(b -> b.learningRate(0.0), "learningRate");
        refused(b -> b.learningRate(Double.NaN), "learningRate");
        refused(b -> b.learningRate(Double.POSITIVE_INFINITY), "learningRate");
        refused(b -> b.minimumFall(0.0), "minimumFall");
        refused(b -> b.minimumFall(1.0), "minimumFall");
        refused(b -> b.minimumFall(Double.NaN), "minimumFall");
        assertThatThrownBy(() -> new RejectionVerdict(null, 0, 0, 0, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RejectionVerdict(Outcome.ACCEPTED, 0, 0, -1, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void refused(Consumer<RejectionProtocol.Builder> setting, String name) {
        RejectionProtocol.Builder builder = RejectionProtocol.builder();
        setting.accept(builder);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " must be");
    }
}
