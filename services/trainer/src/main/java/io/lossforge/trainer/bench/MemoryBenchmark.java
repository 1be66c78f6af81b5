package io.lossforge.trainer.bench;

import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.dataset.DataRoot;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.DjlEnvironment;
import io.lossforge.trainer.TrainerProperties;
import io.lossforge.trainer.dataset.DatasetService;
import io.lossforge.trainer.model.ModelKind;
import io.lossforge.trainer.training.TrainingData;
import io.lossforge.trainer.training.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./lossforge bench memory}: trains many candidates in one process, as a trainer does, and prints
 * the resident set size (VmRSS) along the way. The trainer's target: RSS after 500 candidates within
 * 1.2 × RSS after 10.
 */
public final class MemoryBenchmark {

    private static final Set<Integer> CHECKPOINTS = Set.of(1, 10, 50, 100, 200, 300, 400, 500, 750, 1000);

    private MemoryBenchmark() {}

    public static void main(String[] args) throws IOException {
        int candidates = args.length > 1 && args[0].equals("--candidates") ? Integer.parseInt(args[1]) : 500;
        DjlEnvironment.configure(DataRoot.defaultRoot(), 1);
        TrainingData data = new DatasetService(
                        new TrainerProperties(DataRoot.defaultRoot(), 1, 1, 1, null, null, null, null, null, null))
                .load("fashion-mnist");
        TaskSpec task = new TaskSpec(
                        "fashion-mnist",
                        "mlp",
                        2_000,
                        500,
                        1,
                        null,
                        128,
                        "adam",
                        1e-3,
                        null,
                        null,
                        1L,
                        true,
                        null,
                        null,
                        null)
                .withDefaults();
        List<String> losses = List.of("ce", "ngl", "focal", "exp(1000 * p) * y");
        double rssAt10 = Double.NaN;
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "%10s %10s %12s %10s%n", "candidate", "RSS MB", "vs after 10", "seconds");
        for (int i = 1; i <= candidates; i++) {
            String loss = losses.get(i % losses.size());
            TrialResult result = new TrainingRun(LossCatalog.resolve(loss, null), task, ModelKind.MLP, data)
                    .run(e -> {}, () -> false);
            if (result.outcome() == TrialOutcome.FAILED) {
                throw new IllegalStateException(loss + ": " + result.message());
            }
            if (CHECKPOINTS.contains(i) || i == candidates) {
                double rss = residentMegabytes();
                if (i == 10) {
                    rssAt10 = rss;
                }
                System.out.printf(
                        Locale.ROOT,
                        "%10d %10.0f %12.2f %10.0f%n",
                        i,
                        rss,
                        rss / rssAt10,
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }

    static double residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
