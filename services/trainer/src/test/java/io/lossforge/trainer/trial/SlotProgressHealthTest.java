package io.lossforge.trainer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.TrialRequest;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The liveness part that watches the slots, on a controlled clock. */
class SlotProgressHealthTest {

    private static TrialRecord record(String id) {
        TaskSpec task = new TaskSpec(
                        "synthetic", "mlp", 80, 20, 1, null, 4, null, null, null, null, 1L, false, null, null, null)
                .withDefaults();
        return new TrialRecord(new TrialRequest(id, "ce", null, task), LossCatalog.resolve("ce", null), task, null);
    }

    @Test
    void downOnlyWhileATrialMakesNoProgressPastTheTimeout() {
        TrialRecord record = record("t1");
        AtomicLong now = new AtomicLong(record.lastProgressNanos());
        SlotProgressHealth health = new SlotProgressHealth(() -> List.of(record), Duration.ofMinutes(5), now::get);

        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("stalled", List.of("t1"));

        record.progressSink().trained(1, 10, 1);
        now.set(record.lastProgressNanos() + Duration.ofMinutes(1).toNanos());
        assertThat(health.health().getStatus()).as("progress revives it").isEqualTo(Status.UP);
    }

    @Test
    void upWithNothingRunning() {
        assertThat(new SlotProgressHealth(List::of, Duration.ofSeconds(1), () -> Long.MAX_VALUE)
                        .health()
                        .getStatus())
                .isEqualTo(Status.UP);
    }
}
