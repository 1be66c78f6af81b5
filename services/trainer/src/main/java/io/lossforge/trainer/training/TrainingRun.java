package io.lossforge.trainer.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.lossforge.api.trial.CancelReason;
import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.loss.Loss;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.model.ModelKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains one candidate: a fresh model initialised from the task seed, the compiled loss, the task's
 * optimizer, epoch by epoch, with divergence checks, and measures the result. Never throws for a bad
 * loss or a failing engine call: every ending is a {@link TrialResult}, a failure classified by {@link
 * Failures}.
 *
 * <p>Same task, same images, same start: the validation images and their evaluation order are {@link
 * Sampling#split} of the training split's size (of its images in {@code classGroups}, for a derived task:
 * {@link ClassGroups}), {@code trainSamples}, {@code validationSamples} and {@code seed} — nothing else of
 * the task ({@code samplesPerClass} only thins the training images), nor the loss — and the initial
 * weights are drawn from the engine's generator seeded with {@code seed} under one lock. So bit {@code
 * i} of a successful result's {@link TrialResult#validationCorrect()} is the same image for every trial of
 * the task, which pairs two candidates' results image by image; with the same loss too, the whole result
 * repeats on the same engine build and thread count (floating-point sums may differ across those).
 *
 * <p>Divergence: the loss scalar is checked after every batch (about 5 µs) and all parameters after
 * every epoch (1–2.5 ms), since DJL propagates NaN and infinity silently.
 */
public final class TrainingRun {

    /** Parameter initialisation draws from the engine's global generator: seed and draw atomically. */
    private static final Object INITIALISATION = new Object();

    private final ai.djl.training.loss.Loss trainingLoss;
    private final TaskSpec task;
    private final ModelKind modelKind;
    /** The dataset's data, before a derived task's {@link ClassGroups} are applied. */
    private final TrainingData source;

    private TrainingProgress progress = TrainingProgress.NONE;

    /** Trains with the loss compiled from {@code loss}; {@code task} must have its defaults applied. */
    public TrainingRun(Loss loss, TaskSpec task, ModelKind modelKind, TrainingData data) {
        this(compiled(loss), task, modelKind, data);
    }

    /**
     * Trains with any DJL loss taking (labels N, logits N × C) — the benchmark compares DJL's built-in
     * softmax cross-entropy with the compiled one this way.
     */
    public TrainingRun(ai.djl.training.loss.Loss trainingLoss, TaskSpec task, ModelKind modelKind, TrainingData data) {
        this.trainingLoss = trainingLoss;
        this.task = task;
        this.modelKind = modelKind;
        this.source = data;
    }

    public TrialResult run(Consumer<EpochReport> onEpoch, BooleanSupplier cancelled) {
        return run(onEpoch, cancelled, TrainingProgress.NONE);
    }

    /** Trains, telling {@code progress} about every batch trained and every evaluation. */
    public TrialResult run(Consumer<EpochReport> onEpoch, BooleanSupplier cancelled, TrainingProgress progress) {
        this.progress = progress;
        long start = System.nanoTime();
        List<EpochReport> epochs = new ArrayList<>();
        try {
            TrainingData data = ClassGroups.apply(task, source);
            int[][] samples = Sampling.split(
                    data.train().size(),
                    task.trainSamples(),
                    task.validationSamples(),
                    task.seed(),
                    task.classGroups() == null ? "images" : "images of the classes in classGroups");
            int[] trainIndices = task.samplesPerClass() == null
                    ? samples[0]
                    : Sampling.capPerClass(samples[0], data.train(), data.classes(), task.samplesPerClass());
            return train(data, trainIndices, samples[1], epochs, onEpoch, cancelled, start);
        } catch (RuntimeException | OutOfMemoryError e) {
            return TrialResult.failed(Failures.classify(e), Failures.describe(e), epochs, seconds(start));
        }
    }

    private static CompiledLoss compiled(Loss loss) {
        try {
            return new CompiledLoss(loss);
        } catch (RuntimeException e) {
            throw new Failures.LossFailure(e);
        }
    }

    private TrialResult train(
            TrainingData data,
            int[] trainIndices,
            int[] validationIndices,
            List<EpochReport> epochs,
            Consumer<EpochReport> onEpoch,
            BooleanSupplier cancelled,
            long start) {
        int batchSize = Math.min(task.batchSize(), trainIndices.length);
        int batchesPerEpoch = trainIndices.length / batchSize;
        long totalSteps = task.steps() != null ? task.steps() : (long) task.epochs() * batchesPerEpoch;
        int epochCount = (int) ((totalSteps + batchesPerEpoch - 1) / batchesPerEpoch);
        BatchAssembler assembler = new BatchAssembler(data.train(), data.imageShape(), batchSize);
        Optimizer optimizer = Optimizers.of(task);
        try (Model model = Model.newInstance("candidate");
                Releasable state = releaser(optimizer)) {
            model.setBlock(modelKind.build(data.classes()));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(trainingLoss).optOptimizer(optimizer))) {
                synchronized (INITIALISATION) {
                    Engine.getInstance().setRandomSeed(task.seed().intValue());
                    trainer.initialize(new Shape(batchSize).addAll(data.imageShape()));
                }
                String initialWeights = checksum(trainer);
                long step = 0;
                Metrics validation = null;
                for (int epoch = 1; epoch <= epochCount; epoch++) {
                    long epochStart = System.nanoTime();
                    int[] order = Sampling.epochOrder(trainIndices, task.seed(), epoch);
                    double lossSum = 0;
                    int batches = 0;
                    long trainNanos = 0;
                    for (int b = 0; b < batchesPerEpoch && step < totalSteps; b++, step++) {
                        if (cancelled.getAsBoolean()) {
                            return TrialResult.cancelled(CancelReason.REQUESTED, epochs, seconds(start));
                        }
                        long batchStart = System.nanoTime();
                        float value = trainBatch(trainer, trainingLoss, assembler, order, b * batchSize, batchSize);
                        trainNanos += System.nanoTime() - batchStart;
                        if (!Float.isFinite(value)) {
                            return diverged(
                                    initialWeights,
                                    epochs,
                                    start,
                                    "loss became " + value + " at epoch " + epoch + ", batch " + (b + 1));
                        }
                        lossSum += value;
                        batches++;
                        progress.trained(step + 1, totalSteps, epoch);
                    }
                    String broken = firstNonFiniteParameter(trainer);
                    if (broken != null) {
                        return diverged(
                                initialWeights,
                                epochs,
                                start,
                                "parameter " + broken + " is not finite after epoch " + epoch);
                    }
                    progress.evaluating((validationIndices.length + batchSize - 1) / batchSize);
                    validation = Metrics.measure(trainer, assembler, validationIndices, batchSize);
                    EpochReport report = new EpochReport(
                            epoch,
                            lossSum / Math.max(1, batches),
                            validation.accuracy(),
                            batches * (double) batchSize / (trainNanos / 1e9),
                            (System.nanoTime() - epochStart) / 1e9);
                    epochs.add(report);
                    onEpoch.accept(report);
                }
                return finish(data, trainer, validation, initialWeights, batchSize, epochs, start);
            }
        }
    }

    /** A resource whose close never throws. */
    private interface Releasable extends AutoCloseable {
        @Override
        void close();
    }

    /** Frees an optimizer's off-heap state after the trainer is closed (resources close in reverse order). */
    private static Releasable releaser(Optimizer optimizer) {
        return optimizer instanceof TrialAdam adam ? adam::close : () -> {};
    }

    private static float trainBatch(
            Trainer trainer,
            ai.djl.training.loss.Loss loss,
            BatchAssembler assembler,
            int[] order,
            int from,
            int count) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDList batch = assembler.assemble(scope, order, from, count);
            float value = Autograd.record(collector -> {
                NDList predictions = trainer.forward(new NDList(batch.get(0)));
                try {
                    // Evaluating the loss and its gradient is the candidate's part: failing there is its fault.
                    NDArray lossValue = loss.evaluate(new NDList(batch.get(1)), predictions);
                    float batchLoss = lossValue.getFloat();
                    if (Float.isFinite(batchLoss)) {
                        collector.backward(lossValue);
                    }
                    return batchLoss;
                } catch (RuntimeException e) {
                    throw new Failures.LossFailure(e);
                }
            });
            if (Float.isFinite(value)) {
                trainer.step();
            }
            return value;
        }
    }

    /** The last epoch's validation metrics are final: nothing trains after them, so they are not measured again. */
    private TrialResult finish(
            TrainingData data,
            Trainer trainer,
            Metrics validation,
            String initialWeights,
            int batchSize,
            List<EpochReport> epochs,
            long start) {
        Double testAccuracy = null;
        if (task.evaluateTest() && data.test() != null) {
            BatchAssembler testAssembler = new BatchAssembler(data.test(), data.imageShape(), batchSize);
            progress.evaluating((data.test().size() + batchSize - 1) / batchSize);
            testAccuracy = Metrics.measure(
                            trainer,
                            testAssembler,
                            Sampling.identity(data.test().size()),
                            batchSize)
                    .accuracy();
        }
        double imagesPerSecond = epochs.stream()
                .mapToDouble(EpochReport::imagesPerSecond)
                .average()
                .orElse(0);
        return new TrialResult(
                TrialOutcome.SUCCEEDED,
                validation.accuracy(),
                validation.negativeLogLikelihood(),
                testAccuracy,
                validation.meanConfidence(),
                epochs,
                imagesPerSecond,
                seconds(start),
                null,
                null,
                null,
                validation.correct().size(),
                validation.correct().toBase64(),
                initialWeights);
    }

    /**
     * The hex SHA-256 of every parameter's float32 values, little-endian, in the block's parameter order:
     * {@link TrialResult#initialWeightsChecksum()} when taken before the first step. One pass, one copy of
     * each parameter to the heap (a few MB at most for these models).
     */
    static String checksum(Trainer trainer) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
        for (Pair<String, Parameter> parameter : trainer.getModel().getBlock().getParameters()) {
            NDArray array = parameter.getValue().getArray();
            float[] values;
            if (array.getDataType() == DataType.FLOAT32) {
                values = array.toFloatArray();
            } else {
                try (NDManager scope = array.getManager().newSubManager()) {
                    NDArray converted = array.toType(DataType.FLOAT32, false);
                    converted.attach(scope);
                    values = converted.toFloatArray();
                }
            }
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The name of the first parameter holding NaN or infinity, or null when all are finite. */
    private static String firstNonFiniteParameter(Trainer trainer) {
        for (Pair<String, Parameter> parameter : trainer.getModel().getBlock().getParameters()) {
            NDArray array = parameter.getValue().getArray();
            try (NDManager scope = array.getManager().newSubManager()) {
                NDArray sum = array.sum();
                sum.attach(scope);
                if (!Float.isFinite(
                        sum.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat())) {
                    return parameter.getKey();
                }
            }
        }
        return null;
    }

    private static TrialResult diverged(String initialWeights, List<EpochReport> epochs, long start, String message) {
        return new TrialResult(
                TrialOutcome.DIVERGED,
                null,
                null,
                null,
                null,
                epochs,
                null,
                seconds(start),
                message,
                null,
                null,
                null,
                null,
                initialWeights);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
