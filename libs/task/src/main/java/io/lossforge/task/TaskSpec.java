package io.lossforge.task;

import static io.lossforge.task.Violation.or;
import static io.lossforge.task.Violation.range;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The training task on which a candidate loss is scored: what data, which model, how long, with which
 * optimizer. This record is the single definition of the task's fields, defaults ({@link #withDefaults})
 * and limits ({@link #violations}); the trainer, the orchestrator and the CLI all use it.
 *
 * <p>Nullable components mean "use the default". Either {@code epochs} or {@code steps} bounds the
 * training, not both. Units: samples are images, {@code learningRate} and {@code weightDecay} are plain
 * factors, {@code momentum} is used by {@code sgd} only.
 *
 * <p>Derived tasks: {@code classGroups} makes the task's output classes out of the dataset's, each inner
 * list one output class holding those dataset class indices — a subset of classes is groups of one
 * ({@code [[0],[1],[8]]}), CIFAR-10 vehicles against animals is {@code [[0,1,8,9],[2,3,4,5,6,7]]}. The
 * training and validation samples are then drawn from the training images of the named classes only,
 * labelled with their group's position, and the model has one output per group (the test split is
 * filtered the same way). {@code samplesPerClass} caps the training sample at that many images of each
 * output class (the validation sample is left as it is). Both are null by default: every dataset class as
 * it is, no cap; a task that leaves them null has the canonical JSON and fingerprint it had before they
 * existed. Whether an index is below the dataset's class count is the trainer's check: it refuses the task.
 *
 * <p>Multi-task fitness: {@code fitnessTasks} (null by default, left out of the canonical JSON then) lists
 * up to {@value #MAX_FITNESS_TASKS} further tasks, each trained from scratch in the same trial after this
 * one; the trial's accuracies, loss and confidence are the means over all of them, its validation bits the
 * concatenation in task order. Selecting by the mean accuracy over the tasks is selecting by the mean Δ
 * against cross-entropy over them (cross-entropy's mean is the same for every candidate), and a baseline
 * trained on this task reports exactly that mean, so a search's Δ vs ce is the mean Δ. A further task has
 * no further tasks of its own.
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
        Boolean evaluateTest,
        List<List<Integer>> classGroups,
        Integer samplesPerClass,
        List<TaskSpec> fitnessTasks) {

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
    public static final int MAX_SAMPLES_PER_CLASS = 100_000;
    /** Further tasks of a multi-task fitness: with the task itself, at most four trainings per trial. */
    public static final int MAX_FITNESS_TASKS = 3;

    public static final List<String> OPTIMIZERS = List.of("adam", "sgd");

    /** Unmodifiable copies of the groups; nulls are kept for {@link #violations} to name, not thrown on. */
    public TaskSpec {
        if (fitnessTasks != null) {
            fitnessTasks = Collections.unmodifiableList(new ArrayList<>(fitnessTasks));
        }
        if (classGroups != null) {
            List<List<Integer>> groups = new ArrayList<>(classGroups.size());
            for (List<Integer> group : classGroups) {
                groups.add(group == null ? null : Collections.unmodifiableList(new ArrayList<>(group)));
            }
            classGroups = Collections.unmodifiableList(groups);
        }
    }

    /** A task on {@code dataset} with {@code model} and every other field at its default. */
    public static TaskSpec of(String dataset, String model) {
        return new TaskSpec(
                        dataset, model, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null)
                .withDefaults();
    }

    /** The same task with {@code classGroups} as its output classes (null: the dataset's classes as they are). */
    public TaskSpec withClassGroups(List<List<Integer>> classGroups) {
        return new TaskSpec(
                dataset,
                model,
                trainSamples,
                validationSamples,
                epochs,
                steps,
                batchSize,
                optimizer,
                learningRate,
                momentum,
                weightDecay,
                seed,
                evaluateTest,
                classGroups,
                samplesPerClass,
                fitnessTasks);
    }

    /** The same task scored over itself and {@code fitnessTasks} too (null: itself only). */
    public TaskSpec withFitnessTasks(List<TaskSpec> fitnessTasks) {
        return new TaskSpec(
                dataset,
                model,
                trainSamples,
                validationSamples,
                epochs,
                steps,
                batchSize,
                optimizer,
                learningRate,
                momentum,
                weightDecay,
                seed,
                evaluateTest,
                classGroups,
                samplesPerClass,
                fitnessTasks);
    }

    /** The same task with at most {@code samplesPerClass} training images of each output class (null: no cap). */
    public TaskSpec withSamplesPerClass(Integer samplesPerClass) {
        return new TaskSpec(
                dataset,
                model,
                trainSamples,
                validationSamples,
                epochs,
                steps,
                batchSize,
                optimizer,
                learningRate,
                momentum,
                weightDecay,
                seed,
                evaluateTest,
                classGroups,
                samplesPerClass,
                fitnessTasks);
    }

    /** The number of output classes when the dataset has {@code datasetClasses}: the groups, or all of them. */
    public int outputClasses(int datasetClasses) {
        return classGroups == null ? datasetClasses : classGroups.size();
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
                or(evaluateTest, false),
                classGroups,
                samplesPerClass,
                fitnessTasks == null
                        ? null
                        : fitnessTasks.stream().map(TaskSpec::withDefaults).toList());
    }

    /**
     * The canonical JSON of the task with its defaults applied: keys sorted, no insignificant spaces,
     * absent values as {@code null}. Two tasks train identically exactly when these texts are equal.
     * {@code classGroups} and {@code samplesPerClass} appear only when set (so the text of a task without
     * them is the one it had before they existed), the indices of each group in ascending order (the
     * order within a group does not change the training; the order of the groups does: it numbers the
     * output classes).
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
        if (t.classGroups != null) {
            fields.put("classGroups", new RawJson(canonicalGroups(t.classGroups)));
        }
        if (t.samplesPerClass != null) {
            fields.put("samplesPerClass", t.samplesPerClass);
        }
        if (t.fitnessTasks != null) {
            fields.put(
                    "fitnessTasks",
                    new RawJson("["
                            + String.join(
                                    ",",
                                    t.fitnessTasks.stream()
                                            .map(f -> f == null ? "null" : f.canonicalJson())
                                            .toList())
                            + "]"));
        }
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

    /** A value already in JSON: written as it is, not quoted as a string. */
    private record RawJson(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    /** E.g. {@code [[0,1,8,9],[2,3]]}: no spaces, each group sorted; a null group or index stays null. */
    private static String canonicalGroups(List<List<Integer>> groups) {
        StringBuilder out = new StringBuilder("[");
        for (List<Integer> group : groups) {
            out.append(out.length() > 1 ? "," : "");
            if (group == null) {
                out.append("null");
                continue;
            }
            List<Integer> sorted = new ArrayList<>(group);
            sorted.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
            out.append('[');
            for (int i = 0; i < sorted.size(); i++) {
                out.append(i > 0 ? "," : "").append(sorted.get(i));
            }
            out.append(']');
        }
        return out.append(']').toString();
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

    /**
     * What {@link #violations()} cannot check without the dataset: every class of {@code classGroups} must be
     * one of the dataset's {@code datasetClasses} classes. The trainer refuses such a task at submission and
     * the orchestrator before it accepts a search or study naming it.
     */
    public List<Violation> violations(int datasetClasses) {
        List<Violation> out = new ArrayList<>();
        if (classGroups != null) {
            classGroups.stream()
                    .filter(java.util.Objects::nonNull)
                    .flatMap(List::stream)
                    .filter(c -> c != null && c >= datasetClasses)
                    .distinct()
                    .forEach(c -> out.add(new Violation(
                            "classGroups",
                            "class " + c + " does not exist: " + dataset + " has " + datasetClasses + " classes (0 to "
                                    + (datasetClasses - 1) + ")")));
        }
        return out;
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
        if (t.classGroups != null) {
            groupViolation(t.classGroups).ifPresent(message -> out.add(new Violation("classGroups", message)));
        }
        if (t.samplesPerClass != null) {
            range(out, "samplesPerClass", t.samplesPerClass, 1, MAX_SAMPLES_PER_CLASS);
        }
        if (t.fitnessTasks != null) {
            fitnessTaskViolations(t.fitnessTasks, out);
        }
        return out;
    }

    private static void fitnessTaskViolations(List<TaskSpec> tasks, List<Violation> out) {
        if (tasks.isEmpty() || tasks.size() > MAX_FITNESS_TASKS) {
            out.add(new Violation(
                    "fitnessTasks", "lists 1 to " + MAX_FITNESS_TASKS + " further tasks, not " + tasks.size()));
        }
        for (int i = 0; i < tasks.size(); i++) {
            String prefix = "fitnessTasks[" + i + "]";
            if (tasks.get(i) == null) {
                out.add(new Violation(prefix, "is null"));
            } else if (tasks.get(i).fitnessTasks() != null) {
                out.add(new Violation(prefix + ".fitnessTasks", "a further task has no further tasks of its own"));
            } else {
                tasks.get(i).violations().forEach(v -> out.add(new Violation(prefix + "." + v.field(), v.message())));
            }
        }
    }

    /** What is wrong with {@code groups}, if anything: the first problem found. */
    private static Optional<String> groupViolation(List<List<Integer>> groups) {
        if (groups.size() < 2) {
            return Optional.of("needs at least 2 groups (one per output class), got " + groups.size());
        }
        Set<Integer> seen = new TreeSet<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> group = groups.get(g);
            if (group == null || group.isEmpty()) {
                return Optional.of("group " + g + " is empty: each group needs at least one class index");
            }
            for (Integer index : group) {
                if (index == null || index < 0) {
                    return Optional.of("group " + g + " holds " + index + ": class indices are integers from 0");
                }
                if (!seen.add(index)) {
                    return Optional.of("class " + index + " is named twice: each class is in one group");
                }
            }
        }
        return Optional.empty();
    }
}
