package io.lossforge.orchestrator.population;

import io.lossforge.loss.Loss;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.loss.reject.RejectionProtocol;
import io.lossforge.loss.reject.RejectionVerdict;
import io.lossforge.loss.screen.Screening;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The rejection protocol's verdicts, memoised by loss hash. {@link #prepare} computes them for a
 * generation's pending candidates <em>before</em> the intake transaction: at ≈ 0.1 s of CPU per loss the
 * protocol must not run while the intake holds candidate rows and family locks (it delayed the commit that
 * makes new evaluations claimable, and so changed who trained what). Intake then only reads the memo
 * (computing a verdict itself only for a candidate prepare did not see).
 */
@Component
public class RejectionGate {

    private final CandidateRepository candidates;
    private final EvaluationRepository evaluations;
    private final GradientFamilies families;
    private final LossMemo<RejectionVerdict> memo = new LossMemo<>(16_384);

    RejectionGate(CandidateRepository candidates, EvaluationRepository evaluations, GradientFamilies families) {
        this.candidates = candidates;
        this.evaluations = evaluations;
        this.families = families;
    }

    /**
     * Computes the verdicts the intake of this search will ask for (plain reads, no transaction held): those
     * of pending candidates that screening accepts, the hash cache cannot serve and — when {@code
     * equivalence} is on — no gradient-equivalent evaluation of their task stands for (intake meets the
     * protocol last, so a verdict for those would be thrown away). The protocol runs in parallel on the
     * common fork-join pool: it is pure CPU, ≈ 0.1 s per loss, and was what made intake 12.7× slower with the
     * stages on. A candidate that an evaluation opened since then removes is a verdict computed in vain; one
     * it misses intake computes itself.
     *
     * @param invariance the search's scale invariance (equivalence's decision)
     */
    public void prepare(UUID searchId, boolean equivalence, ScaleInvariance invariance) {
        List<Candidate> pending = candidates.findBySearchAndStatus(searchId, List.of(CandidateStatus.PENDING));
        Map<String, Loss> needed = new LinkedHashMap<>();
        for (Candidate c : pending) {
            Loss loss = Candidates.loss(c);
            if (!needed.containsKey(c.hash())
                    && !memo.contains(c.hash())
                    && Screening.screen(loss).isAccepted()
                    && evaluations.findReusable(c.hash(), c.taskFingerprint()).isEmpty()
                    && (!equivalence
                            || families.equivalentEvaluation(c.hash(), loss, c.taskFingerprint(), invariance)
                                    .isEmpty())) {
                needed.put(c.hash(), loss);
            }
        }
        needed.entrySet().parallelStream().forEach(e -> verdict(e.getKey(), e.getValue()));
    }

    RejectionVerdict verdict(String hash, Loss loss) {
        return memo.get(hash, () -> RejectionProtocol.STANDARD.test(loss));
    }
}
