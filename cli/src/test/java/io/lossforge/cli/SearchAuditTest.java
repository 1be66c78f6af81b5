package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.equiv.ProbeSet;
import io.lossforge.loss.equiv.ScaleInvariance;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchAuditTest {

    private static SearchAudit.Trained trained(long evaluation, String expression, double seconds, Double fitness) {
        return new SearchAudit.Trained(evaluation, expression, "mean", seconds, fitness, 0);
    }

    private static final List<SearchAudit.Trained> RUN = List.of(
            trained(3, "-(y * log(p)) + 0.5", 4.0, 0.80),
            trained(1, "-(y * log(p))", 2.0, 0.81),
            trained(2, "exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))", 3.0, 0.83),
            trained(4, "2 * -(y * log(p))", 1.0, 0.80),
            trained(5, "square(sqrt(y) * max(y, p))", 5.0, 0.10));

    @Test
    void aLossTrainedAgainOneRungUpIsNoCopy() {
        SearchAudit.Result audit = SearchAudit.of(
                List.of(
                        new SearchAudit.Trained(1, "-(y * log(p))", "mean", 1.0, 0.7, 0),
                        new SearchAudit.Trained(2, "-(y * log(p))", "mean", 3.0, 0.8, 1),
                        new SearchAudit.Trained(3, "-(y * log(p)) + 0.5", "mean", 3.0, 0.8, 1)),
                ScaleInvariance.ADAM_NO_DECAY);
        assertThat(audit.wasted())
                .as("only the spelling at the rung CE was trained at before")
                .extracting(w -> w.loss().evaluationId(), w -> w.earlier().evaluationId())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 2L));
    }

    @Test
    void timeOnALossEquivalentToAnEarlierTrainedOneIsWasted() {
        SearchAudit.Result audit = SearchAudit.of(RUN, ScaleInvariance.ADAM_NO_DECAY);

        // In evaluation order: CE first, so the +0.5 spelling (evaluation 3) and 2 * CE are the copies.
        assertThat(audit.trained())
                .extracting(SearchAudit.Trained::evaluationId)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(audit.wasted())
                .extracting(w -> w.loss().evaluationId(), w -> w.earlier().evaluationId())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, 1L), org.assertj.core.groups.Tuple.tuple(4L, 1L));
        assertThat(audit.trainedSeconds()).isEqualTo(15.0);
        assertThat(audit.wastedSeconds()).isEqualTo(5.0);
        assertThat(audit.wastedShare()).isEqualTo(5.0 / 15.0);
    }

    @Test
    void withoutAdamsScaleInvarianceADoubledLossIsNotACopy() {
        SearchAudit.Result audit = SearchAudit.of(RUN, ScaleInvariance.EXACT);

        assertThat(audit.wasted()).extracting(w -> w.loss().evaluationId()).containsExactly(3L);
    }

    @Test
    void theRejectionProtocolsVerdictOnEachTrainedLossIsReported() {
        SearchAudit.Result audit = SearchAudit.of(RUN, ScaleInvariance.ADAM_NO_DECAY);

        assertThat(audit.rejected()).extracting(r -> r.loss().evaluationId()).containsExactly(5L);
        assertThat(audit.bestRejectedFitness()).hasValue(0.10);
    }

    @Test
    void theAuditsProbesAreNotTheOrchestratorsOwn() {
        assertThat(SearchAudit.PROBES).isNotEqualTo(ProbeSet.STANDARD);
        assertThat(SearchAudit.PROBES.classCounts()).doesNotContainAnyElementsOf(ProbeSet.STANDARD.classCounts());
        assertThat(SearchAudit.PROBES.seed()).isNotEqualTo(ProbeSet.STANDARD.seed());
    }
}
