package io.lossforge.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.dataset.DataRoot;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.DjlEnvironment;
import io.lossforge.trainer.TrainerProperties;
import io.lossforge.trainer.dataset.DatasetService;
import io.lossforge.trainer.model.ModelKind;
import io.lossforge.trainer.training.CompiledLoss;
import io.lossforge.trainer.training.TrainingData;
import io.lossforge.trainer.training.TrainingRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./lossforge bench trainer}: in one process, the machine's practical fp32 peak (a 2048² matmul
 * through DJL) and the training throughput of {@code mlp} and {@code cnn-small} on Fashion-MNIST with
 * DJL's built-in softmax cross-entropy, the same cross-entropy as an expression, and NGL. Prints one
 * table; results are recorded in docs/performance.md.
 *
 * <p>Achieved GFLOP/s = images/s × training FLOPs per image, where training FLOPs ≈ 3 × the forward
 * multiply-adds × 2 (the usual estimate: backward costs about twice the forward pass).
 */
public final class TrainerBenchmark {

    private TrainerBenchmark() {}

    public static void main(String[] args) {
        int threads = intArg(args, "--threads", 2);
        int samples = intArg(args, "--samples", 10_000);
        int batch = intArg(args, "--batch", 128);
        int rounds = intArg(args, "--rounds", 3);
        DjlEnvironment.configure(DataRoot.defaultRoot(), threads);
        TrainingData data = new DatasetService(new TrainerProperties(
                        DataRoot.defaultRoot(), 1, threads, 1, null, null, null, null, null, null))
                .load("fashion-mnist");
        double peak = matmulGigaflops(2048, 10);
        System.out.printf(
                Locale.ROOT,
                "threads %d, batch %d, %d training images per run, Fashion-MNIST, "
                        + "median of %d interleaved rounds after one warm-up round%n",
                threads,
                batch,
                samples,
                rounds);
        System.out.printf(Locale.ROOT, "2048x2048 fp32 matmul: %.1f GFLOP/s (practical peak)%n%n", peak);
        System.out.printf(
                Locale.ROOT,
                "%-10s %-14s %10s %10s %8s %9s %9s%n",
                "model",
                "loss",
                "images/s",
                "GFLOP/s",
                "of peak",
                "val acc",
                "vs CE");
        for (ModelKind model : List.of(ModelKind.MLP, ModelKind.CNN_SMALL)) {
            double flopsPerImage = 3 * 2 * FlopCounter.forwardMultiplyAdds(model, data);
            TaskSpec task = new TaskSpec(
                            "fashion-mnist",
                            model.id(),
                            samples,
                            2_000,
                            1,
                            null,
                            batch,
                            "adam",
                            1e-3,
                            null,
                            null,
                            1L,
                            false,
                            null,
                            null,
                            null)
                    .withDefaults();
            Map<String, TrainingRun> runs = new LinkedHashMap<>();
            runs.put(
                    "built-in CE",
                    new TrainingRun(ai.djl.training.loss.Loss.softmaxCrossEntropyLoss(), task, model, data));
            runs.put(
                    "ce (expr)", new TrainingRun(new CompiledLoss(LossCatalog.resolve("ce", null)), task, model, data));
            runs.put(
                    "ngl (expr)",
                    new TrainingRun(new CompiledLoss(LossCatalog.resolve("ngl", null)), task, model, data));
            List<Row> rows = measure(runs, rounds);
            double builtIn = rows.getFirst().imagesPerSecond();
            for (Row row : rows) {
                double gflops = row.imagesPerSecond() * flopsPerImage / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "%-10s %-14s %10.0f %10.1f %7.0f%% %9.3f %9.2f%n",
                        model.id(),
                        row.loss(),
                        row.imagesPerSecond(),
                        gflops,
                        100 * gflops / peak,
                        row.accuracy(),
                        row.imagesPerSecond() / builtIn);
            }
        }
        TaskSpec divergent = new TaskSpec(
                        "fashion-mnist",
                        ModelKind.MLP.id(),
                        samples,
                        2_000,
                        3,
                        null,
                        batch,
                        "adam",
                        1e-3,
                        null,
                        null,
                        1L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults();
        TrialResult diverged = new TrainingRun(
                        LossCatalog.resolve("exp(1000 * p) * y", null), divergent, ModelKind.MLP, data)
                .run(e -> {}, () -> false);
        System.out.printf(
                Locale.ROOT,
                "%nexp(1000 * p) * y: %s in %.3f s (%s)%n",
                diverged.outcome(),
                diverged.wallSeconds(),
                diverged.message());
    }

    private record Row(String loss, double imagesPerSecond, double accuracy) {}

    /**
     * One warm-up round (JIT, engine and allocator warm-up), then {@code rounds} rounds running every
     * variant once each, interleaved so that drifts of the machine hit all variants alike; the median
     * throughput of each variant is reported.
     */
    private static List<Row> measure(Map<String, TrainingRun> runs, int rounds) {
        Map<String, List<Double>> speeds = new LinkedHashMap<>();
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            for (Map.Entry<String, TrainingRun> variant : runs.entrySet()) {
                TrialResult result = variant.getValue().run(e -> {}, () -> false);
                if (result.validationAccuracy() == null) {
                    throw new IllegalStateException(
                            variant.getKey() + " ended " + result.outcome() + ": " + result.message());
                }
                if (round > 0) {
                    speeds.computeIfAbsent(variant.getKey(), k -> new ArrayList<>())
                            .add(result.imagesPerSecond());
                }
                accuracy.put(variant.getKey(), result.validationAccuracy());
            }
        }
        return speeds.entrySet().stream()
                .map(e -> new Row(e.getKey(), median(e.getValue()), accuracy.get(e.getKey())))
                .toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double matmulGigaflops(int n, int repeats) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // forces completion
                c.close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * n * n * (double) n * repeats / seconds / 1e9;
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
