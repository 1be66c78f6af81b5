package io.lossforge.cli;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.equiv.Equivalence;
import io.lossforge.loss.equiv.GradientFingerprint;
import io.lossforge.loss.equiv.ProbeSet;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.loss.reject.RejectionProtocol;
import io.lossforge.loss.reject.RejectionVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An after-the-fact check of what a search spent its trainer time on, independent of the stages that ran
 * inside it: every trained loss is fingerprinted again on {@link #PROBES} — class counts, logit scales, rows
 * and seed all different from {@link ProbeSet#STANDARD}, which the orchestrator's gradient-equivalence stage
 * uses — and a trained loss gradient-equivalent to one trained <em>before</em> it counts as wasted time. Each
 * is also put through the {@link RejectionProtocol#STANDARD rejection protocol}, so that a search run with
 * that stage off shows how the losses the protocol would have rejected actually scored.
 */
final class SearchAudit {

    /** Probes the orchestrator never uses: a loss equivalent here is so on other batches than the stage saw. */
    static final ProbeSet PROBES = ProbeSet.of(List.of(3, 7), List.of(1.0, 4.0), 48, 4_242L);

    /**
     * One loss a trainer trained, in the order its evaluation was opened, at its multi-fidelity {@code rung}
     * (each rung is its own task: a promoted loss trained again one rung up is not a copy).
     */
    record Trained(long evaluationId, String expression, String reduction, double seconds, Double fitness, int rung) {}

    /** A trained loss and the earlier trained loss it was gradient-equivalent to. */
    record Wasted(Trained loss, Trained earlier) {}

    /** A trained loss the rejection protocol rejects, with the verdict. */
    record Rejected(Trained loss, RejectionVerdict verdict) {}

    /**
     * @param trained    every trained loss, in evaluation order
     * @param wasted     those equivalent to an earlier one on the independent probes
     * @param undefined  how many had no defined fingerprint there (not comparable: counted as not wasted)
     * @param rejected   those the rejection protocol rejects
     */
    record Result(List<Trained> trained, List<Wasted> wasted, int undefined, List<Rejected> rejected) {

        double trainedSeconds() {
            return trained.stream().mapToDouble(Trained::seconds).sum();
        }

        double wastedSeconds() {
            return wasted.stream().mapToDouble(w -> w.loss().seconds()).sum();
        }

        /** The wasted share of trainer time, 0 when nothing was trained. */
        double wastedShare() {
            double total = trainedSeconds();
            return total == 0 ? 0 : wastedSeconds() / total;
        }

        /** The best fitness among the trained losses the protocol rejects. */
        Optional<Double> bestRejectedFitness() {
            return rejected.stream()
                    .map(r -> r.loss().fitness())
                    .filter(f -> f != null)
                    .max(Comparator.naturalOrder());
        }
    }

    private SearchAudit() {}

    /**
     * Audits {@code trained} (in evaluation order) for a task trained with {@code invariance}; a loss is
     * compared with those trained before it at the same rung.
     */
    static Result of(List<Trained> trained, ScaleInvariance invariance) {
        List<Trained> ordered = trained.stream()
                .sorted(Comparator.comparingLong(Trained::evaluationId))
                .toList();
        // per rung: the fingerprints and losses trained before
        java.util.Map<Integer, List<GradientFingerprint>> earlierByRung = new java.util.HashMap<>();
        java.util.Map<Integer, List<Trained>> earlierLossesByRung = new java.util.HashMap<>();
        List<Wasted> wasted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        int undefined = 0;
        for (Trained t : ordered) {
            Loss loss = LossCatalog.resolve(t.expression(), Reduction.of(t.reduction()));
            GradientFingerprint fingerprint = GradientFingerprint.of(loss, PROBES);
            if (!fingerprint.isDefined()) {
                undefined++;
            } else {
                List<GradientFingerprint> earlier = earlierByRung.computeIfAbsent(t.rung(), r -> new ArrayList<>());
                List<Trained> earlierLosses = earlierLossesByRung.computeIfAbsent(t.rung(), r -> new ArrayList<>());
                for (int i = 0; i < earlier.size(); i++) {
                    if (Equivalence.between(fingerprint, earlier.get(i), invariance)
                            .equivalent()) {
                        wasted.add(new Wasted(t, earlierLosses.get(i)));
                        break;
                    }
                }
                earlier.add(fingerprint);
                earlierLosses.add(t);
            }
            RejectionVerdict verdict = RejectionProtocol.STANDARD.test(loss);
            if (verdict.outcome() != RejectionVerdict.Outcome.ACCEPTED) {
                rejected.add(new Rejected(t, verdict));
            }
        }
        return new Result(ordered, List.copyOf(wasted), undefined, List.copyOf(rejected));
    }
}
