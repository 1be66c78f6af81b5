package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.model.ModelKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A trainer with several slots trains trials on concurrent threads of one process. DJL's PyTorch
 * gradient collector is process-wide (a second one open at the same time throws "already collecting"),
 * so every trial must still succeed, and train exactly as it does alone.
 */
class ConcurrentTrainingTest {

    private static final TrainingData DATA = SyntheticImages.data(3_000, 500);

    private static TrialResult train(long seed) {
        TaskSpec task = new TaskSpec(
                        "synthetic",
                        "mlp",
                        2_000,
                        500,
                        2,
                        null,
                        32,
                        "adam",
                        1e-3,
                        null,
                        null,
                        seed,
                        false,
                        null,
                        null,
                        null)
                .withDefaults();
        return new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.MLP, DATA).run(e -> {}, () -> false);
    }

    @Test
    void trialsOnConcurrentSlotsAllSucceedAndMatchTheirSoloRuns() throws Exception {
        int slots = 3;
        List<TrialResult> alone = new ArrayList<>();
        for (int seed = 1; seed <= slots; seed++) {
            alone.add(train(seed));
        }
        ExecutorService pool = Executors.newFixedThreadPool(slots);
        try {
            List<Future<TrialResult>> futures = new ArrayList<>();
            for (int seed = 1; seed <= slots; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> train(s)));
            }
            for (int i = 0; i < slots; i++) {
                TrialResult together = futures.get(i).get();
                assertThat(together.outcome()).as(together.message()).isEqualTo(TrialOutcome.SUCCEEDED);
                assertThat(together.validationAccuracy())
                        .as("seed %d trained concurrently vs alone", i + 1)
                        .isEqualTo(alone.get(i).validationAccuracy());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
