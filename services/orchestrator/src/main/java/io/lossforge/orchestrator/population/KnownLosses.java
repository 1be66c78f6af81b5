package io.lossforge.orchestrator.population;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.simplify.LossHash;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finds a loss by its hash: any candidate ever stored, or a catalog loss. */
@Service
public class KnownLosses {

    private final CandidateRepository candidates;

    KnownLosses(CandidateRepository candidates) {
        this.candidates = candidates;
    }

    @Transactional(readOnly = true)
    public Optional<Loss> byHash(String hash) {
        return candidates
                .findFirstByHashOrderById(hash)
                .map(Candidates::loss)
                .or(() -> LossCatalog.entries().stream()
                        .map(LossCatalog.Entry::loss)
                        .filter(loss -> LossHash.of(loss).equals(hash))
                        .findFirst());
    }
}
