package io.lossforge.search;

import static io.lossforge.task.Violation.or;
import static io.lossforge.task.Violation.range;

import io.lossforge.task.TaskSpec;
import io.lossforge.task.Violation;
import java.util.List;

/**
 * Multi-fidelity within a generation (successive halving, as ASHA's synchronous variant): every candidate
 * of a generation is trained first at the lowest rung, and the best {@code 1/eta} of each rung's distinct
 * trained losses are promoted to the next, up to the search's own task at the top rung. Selection ranks
 * candidates by the highest rung they reached, then by their fitness at that rung, so a loss that only
 * looked good on a small budget never outranks one that held up on the full one.
 *
 * <p>Rungs are numbered from 0 (the smallest budget) to {@code rungs - 1} (the search's task, unchanged);
 * {@code rungs} 1 switches the stage off. The budget of rung {@code r} is the number of training samples
 * seen, divided by {@code eta^(rungs-1-r)}: an epoch-bounded task trains on that fraction of its
 * {@code trainSamples} (same epochs), a step-bounded one for that fraction of its {@code steps} (same
 * samples). Validation is never reduced, so every rung's fitness has the same noise.
 *
 * @param rungs the number of rungs, the search's task included (null: 1, the stage off)
 * @param eta   the reduction factor between rungs: 1/eta of a rung is promoted (null: 3)
 */
public record Fidelity(Integer rungs, Integer eta) {

    public static final int DEFAULT_RUNGS = 1;
    public static final int DEFAULT_ETA = 3;
    public static final int MAX_RUNGS = 5;
    public static final int MIN_ETA = 2;
    public static final int MAX_ETA = 10;

    /** One rung: the search's task as it is (the stage off). */
    public static final Fidelity OFF = new Fidelity(1, DEFAULT_ETA);

    /** The same fidelity with unset fields at their defaults. */
    public Fidelity withDefaults() {
        return new Fidelity(or(rungs, DEFAULT_RUNGS), or(eta, DEFAULT_ETA));
    }

    /** Whether there is more than one rung. */
    public boolean enabled() {
        return withDefaults().rungs > 1;
    }

    /** The top rung: the search's own task. */
    public int top() {
        return withDefaults().rungs - 1;
    }

    /** Every limit this fidelity breaks, fields prefixed {@code fidelity.}. */
    List<Violation> violations() {
        Fidelity f = withDefaults();
        List<Violation> out = new java.util.ArrayList<>();
        range(out, "fidelity.rungs", f.rungs, 1, MAX_RUNGS);
        range(out, "fidelity.eta", f.eta, MIN_ETA, MAX_ETA);
        return out;
    }

    /**
     * Every limit broken together with {@code task}: with more than one rung, the lowest must still train
     * on at least one batch of samples (an epoch-bounded task); a step-bounded one has at least one step.
     */
    public List<Violation> violations(TaskSpec task) {
        List<Violation> out = violations();
        if (!out.isEmpty() || !enabled()) {
            return out; // one rung is the task itself, whatever its size
        }
        TaskSpec t = task.withDefaults();
        if (t.fitnessTasks() != null) {
            // A lower rung would shrink the first task only and train the others in full: no saving, a skew.
            out.add(new Violation(
                    "fidelity.rungs", "multi-fidelity does not combine with a multi-task fitness (task.fitnessTasks)"));
            return out;
        }
        TaskSpec lowest = taskAt(t, 0);
        if (t.steps() == null && lowest.trainSamples() < t.batchSize()) {
            out.add(new Violation(
                    "fidelity.rungs",
                    "leaves rung 0 with " + lowest.trainSamples() + " of " + t.trainSamples()
                            + " training samples, fewer than one batch (" + t.batchSize() + "): use fewer rungs,"
                            + " a smaller eta or more trainSamples"));
        }
        return out;
    }

    /** The divisor of rung {@code rung}'s budget: {@code eta^(top - rung)}. */
    public long divisor(int rung) {
        Fidelity f = withDefaults();
        if (rung < 0 || rung > top()) {
            throw new IllegalArgumentException("rung " + rung + " outside 0.." + top());
        }
        long d = 1;
        for (int i = rung; i < top(); i++) {
            d *= f.eta;
        }
        return d;
    }

    /**
     * The task rung {@code rung} trains with: {@code task} itself at the top rung, below it the training
     * samples (or steps) divided by {@link #divisor}, rounded up.
     */
    public TaskSpec taskAt(TaskSpec task, int rung) {
        TaskSpec t = task.withDefaults();
        long d = divisor(rung);
        if (d == 1) {
            return t;
        }
        boolean bySteps = t.steps() != null;
        return new TaskSpec(
                t.dataset(),
                t.model(),
                bySteps ? t.trainSamples() : (int) ceilDiv(t.trainSamples(), d),
                t.validationSamples(),
                t.epochs(),
                bySteps ? (int) ceilDiv(t.steps(), d) : null,
                t.batchSize(),
                t.optimizer(),
                t.learningRate(),
                t.momentum(),
                t.weightDecay(),
                t.seed(),
                t.evaluateTest(),
                t.classGroups(),
                t.samplesPerClass(),
                t.fitnessTasks());
    }

    /** How many of {@code trained} distinct losses of a rung move up: {@code ceil(trained / eta)}. */
    public int promoted(int trained) {
        return (int) ceilDiv(trained, withDefaults().eta);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
