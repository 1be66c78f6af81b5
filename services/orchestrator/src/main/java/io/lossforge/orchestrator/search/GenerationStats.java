package io.lossforge.orchestrator.search;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** Statistics of a finished generation, written once when its last candidate got its fitness. */
@Entity
@Table(name = "generation_stats")
@IdClass(GenerationStats.Key.class)
class GenerationStats {

    record Key(UUID searchId, int generation) implements Serializable {
        Key() {
            this(null, 0);
        }
    }

    @Id
    UUID searchId;

    @Id
    int generation;

    int candidates;
    int evaluated;
    Double bestFitness;
    Double medianFitness;
    double diversity;
    Instant finishedAt;

    protected GenerationStats() {}
}
