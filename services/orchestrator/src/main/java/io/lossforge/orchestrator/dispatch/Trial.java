package io.lossforge.orchestrator.dispatch;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One attempt at training a candidate. QUEUED → LEASED (sent to a trainer, with a deadline) → DONE; a
 * lease that runs out becomes EXPIRED and the candidate gets a new attempt (bounded).
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "trial")
class Trial {

    @Id
    String id;

    long candidateId;
    int attempt;
    String state;
    UUID trainerId;
    Instant leaseDeadline;
    Instant createdAt;
    Instant dispatchedAt;
    Instant finishedAt;

    protected Trial() {}

    Trial(long candidateId, int attempt) {
        // Globally unique: trainers are shared, and another orchestrator (another database) may well have
        // a candidate with the same id; a trainer treats a known trial id as the same trial.
        this.id = UUID.randomUUID().toString();
        this.candidateId = candidateId;
        this.attempt = attempt;
        this.state = "QUEUED";
        this.createdAt = Instant.now();
    }

    void close(String finalState) {
        state = finalState;
        finishedAt = Instant.now();
    }
}
