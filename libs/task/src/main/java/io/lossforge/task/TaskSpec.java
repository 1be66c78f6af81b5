package io.lossforge.task;

import static io.lossforge.task.Violation.or;
import static io.lossforge.task.Violation.range;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training task on which a candidate loss is scored: what data, which model, how long, with which
 * optimizer. This record is the single definition of the task's fields, defaults ({@link #withDefaults})
 * and limits ({@link #violations}); the trainer, the orchestrator and the CLI all use it.
 *
 * <p>Nullable components mean "use the default". Either {@code epochs} or {@code steps} bounds the
 * training, not both. Units: samples are images, {@code learningRate} and {@code weightDecay} are plain
 * factors, {@code momentum} is used by {@code sgd} only.
 */
public record TaskSpec(
        String dataset,
        String model,
        Integer trainSamples,
        Integer validationSamples,
        Integer epochs,
        Integer steps,
        Integer batchSize,
        String optimizer,
        Double learningRate,
        Double momentum,
        Double weightDecay,
        Long seed,
        Boolean evaluateTest) {

    public static final int DEFAULT_TRAIN_SAMPLES = 10_000;
    public static final int DEFAULT_VALIDATION_SAMPLES = 2_000;
    public static final int DEFAULT_EPOCHS = 1;
    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final String DEFAULT_OPTIMIZER = "adam";
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_MOMENTUM = 0.9;

    public static final int MAX_TRAIN_SAMPLES = 1_000_000;
    public static final int MAX_VALIDATION_SAMPLES = 100_000;
    public static final int MAX_EPOCHS = 1_000;
    public static final int MAX_STEPS = 10_000_000;
    public static final int MAX_BATCH_SIZE = 4_096;
    public static final double MAX_LEARNING_RATE = 10.0;
    public static final List<String> OPTIMIZERS = List.of("adam", "sgd");

    /** A task on {@code dataset} with {@code model} and every other field at its default. */
    public static TaskSpec of(String dataset, String model) {
        return new TaskSpec(dataset, model, null, null, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    /** The same task with every unset field at its default ({@code epochs} only when {@code steps} is unset). */
    public TaskSpec withDefaults() {
        return new TaskSpec(
                dataset,
                model,
                or(trainSamples, DEFAULT_TRAIN_SAMPLES),
                or(validationSamples, DEFAULT_VALIDATION_SAMPLES),
                steps == null ? or(epochs, DEFAULT_EPOCHS) : epochs,
                steps,
                or(batchSize, DEFAULT_BATCH_SIZE),
                optimizer == null ? DEFAULT_OPTIMIZER : optimizer.toLowerCase(Locale.ROOT),
                or(learningRate, DEFAULT_LEARNING_RATE),
                or(momentum, DEFAULT_MOMENTUM),
                or(weightDecay, 0.0),
                or(seed, 0L),
                or(evaluateTest, false));
    }

    /**
     * The canonical JSON of the task with its defaults applied: keys sorted, no insignificant spaces,
     * absent values as {@code null}. Two tasks train identically exactly when these texts are equal.
     */
    public String canonicalJson() {
        TaskSpec t = withDefaults();
        java.util.TreeMap<String, Object> fields = new java.util.TreeMap<>();
        fields.put("batchSize", t.batchSize);
        fields.put("dataset", t.dataset);
        fields.put("epochs", t.epochs);
        fields.put("evaluateTest", t.evaluateTest);
        fields.put("learningRate", t.learningRate);
        fields.put("model", t.model);
        fields.put("momentum", t.momentum);
        fields.put("optimizer", t.optimizer);
        fields.put("seed", t.seed);
        fields.put("steps", t.steps);
        fields.put("trainSamples", t.trainSamples);
        fields.put("validationSamples", t.validationSamples);
        fields.put("weightDecay", t.weightDecay);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(key)
                .append("\":")
                .append(value instanceof String text ? quoted(text) : String.valueOf(value)));
        return json.append('}').toString();
    }

    /** The task fingerprint: SHA-256 (hex) of {@link #canonicalJson()}; the key of the evaluation cache. */
    public String fingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Every limit the task (with defaults applied) breaks, as field + message; empty when valid. */
    public List<Violation> violations() {
        TaskSpec t = withDefaults();
        List<Violation> out = new ArrayList<>();
        if (t.dataset == null || t.dataset.isBlank()) {
            out.add(new Violation("dataset", "is required"));
        }
        if (t.model == null || t.model.isBlank()) {
            out.add(new Violation("model", "is required"));
        }
        range(out, "trainSamples", t.trainSamples, 1, MAX_TRAIN_SAMPLES);
        range(out, "validationSamples", t.validationSamples, 1, MAX_VALIDATION_SAMPLES);
        if (t.epochs != null && t.steps != null) {
            out.add(new Violation("steps", "give either epochs or steps, not both"));
        }
        if (t.epochs != null) {
            range(out, "epochs", t.epochs, 1, MAX_EPOCHS);
        }
        if (t.steps != null) {
            range(out, "steps", t.steps, 1, MAX_STEPS);
        }
        range(out, "batchSize", t.batchSize, 1, MAX_BATCH_SIZE);
        if (!OPTIMIZERS.contains(t.optimizer)) {
            out.add(new Violation("optimizer", "must be one of " + String.join(", ", OPTIMIZERS)));
        }
        if (!(t.learningRate > 0 && t.learningRate <= MAX_LEARNING_RATE)) {
            out.add(new Violation("learningRate", "must be in (0, " + MAX_LEARNING_RATE + "]"));
        }
        if (!(t.momentum >= 0 && t.momentum < 1)) {
            out.add(new Violation("momentum", "must be in [0, 1)"));
        }
        if (!(t.weightDecay >= 0 && t.weightDecay <= 1)) {
            out.add(new Violation("weightDecay", "must be in [0, 1]"));
        }
        return out;
    }
}
