package io.lossforge.orchestrator.dispatch;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A trainer the orchestrator can send trials to: from configuration (STATIC) or self-registered. */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "trainer")
class TrainerNode {

    @Id
    UUID id;

    String url;
    int slots;
    String origin;
    Instant lastSeen;
    Instant busyUntil;
    int failures;

    protected TrainerNode() {}

    TrainerNode(String url, int slots, String origin) {
        this.id = UUID.randomUUID();
        this.url = url;
        this.slots = slots;
        this.origin = origin;
        this.lastSeen = Instant.now();
    }
}
