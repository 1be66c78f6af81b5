package io.lossforge.orchestrator.population;

import io.lossforge.orchestrator.database.DatabaseUnavailableException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the evaluations from before gradient equivalence (migration V6) their family key, in batches, once
 * at start-up: until it has, those evaluations are found by the hash cache only. Replicas share the work
 * ({@code SKIP LOCKED}); a database outage leaves the rest for the next start.
 */
@Component
class FamilyKeyBackfill {

    private static final Logger log = LoggerFactory.getLogger(FamilyKeyBackfill.class);
    private static final int BATCH = 200;

    private final EvaluationRepository evaluations;
    private final GradientFamilies families;
    private final TransactionTemplate tx;

    FamilyKeyBackfill(EvaluationRepository evaluations, GradientFamilies families, TransactionTemplate tx) {
        this.evaluations = evaluations;
        this.families = families;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void backfill() {
        long total = 0;
        try {
            Integer done;
            do {
                done = tx.execute(s -> {
                    List<Evaluation> batch = evaluations.findWithoutFamilyKey(BATCH);
                    batch.forEach(e -> e.assignFamilyKey(
                            families.familyKey(e.hash(), Candidates.loss(e.expression(), e.reduction()))));
                    return batch.size();
                });
                total += done == null ? 0 : done;
            } while (done != null && done == BATCH);
        } catch (DatabaseUnavailableException | org.springframework.dao.DataAccessException e) {
            log.warn("gradient family keys: {} evaluations keyed, the rest left for the next start ({})", total, e);
            return;
        }
        if (total > 0) {
            log.info("gradient family keys: {} evaluations from before gradient equivalence keyed", total);
        }
    }
}
