package io.lossforge.orchestrator.population;

import io.lossforge.loss.Loss;
import io.lossforge.loss.reject.RejectionProtocol;
import io.lossforge.loss.reject.RejectionVerdict;
import io.lossforge.loss.screen.Screening;
import java.util.List;
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
    private final LossMemo<RejectionVerdict> memo = new LossMemo<>(16_384);

    RejectionGate(CandidateRepository candidates, EvaluationRepository evaluations) {
        this.candidates = candidates;
        this.evaluations = evaluations;
    }

    /**
     * Computes the verdicts the intake of this search will ask for: pending candidates that screening
     * accepts and the hash cache cannot serve (plain reads, no transaction held).
     */
    public void prepare(UUID searchId) {
        List<Candidate> pending = candidates.findBySearchAndStatus(searchId, List.of(CandidateStatus.PENDING));
        for (Candidate c : pending) {
            Loss loss = Candidates.loss(c);
            if (Screening.screen(loss).isAccepted()
                    && evaluations.findReusable(c.hash(), c.taskFingerprint()).isEmpty()) {
                verdict(c.hash(), loss);
            }
        }
    }

    RejectionVerdict verdict(String hash, Loss loss) {
        return memo.get(hash, () -> RejectionProtocol.STANDARD.test(loss));
    }
}
