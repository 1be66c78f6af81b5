package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyLoss;
import io.lossforge.api.study.StudyView;
import io.lossforge.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a study trains, resolved and with defaults applied (stored as the study's JSON): the losses (the
 * reference, plain cross-entropy, among them), the tasks, the seeds and the budget multipliers. It is the one
 * place that derives a trial's task from them.
 *
 * @param reference index of the reference loss in {@code losses}
 */
record StudyDefinition(
        List<StudyView.LossEntry> losses,
        List<TaskSpec> tasks,
        int seeds,
        boolean evaluateTest,
        List<Integer> budgets,
        int reference) {

    /** One trial's coordinates. */
    record Trial(int loss, int task, int budget, int seed) {}

    /**
     * Every (loss, task, budget, seed), in the order they are queued: budget by budget, seed by seed, task by
     * task, the reference first and then the other losses — so that a study cut short has paired Δs for the
     * seeds it reached instead of every seed of its first losses and no reference.
     */
    List<Trial> trials() {
        List<Trial> out = new ArrayList<>();
        List<Integer> lossOrder = new ArrayList<>();
        lossOrder.add(reference);
        for (int l = 0; l < losses.size(); l++) {
            if (l != reference) {
                lossOrder.add(l);
            }
        }
        for (int budget : budgets) {
            for (int s = 0; s < seeds; s++) {
                for (int t = 0; t < tasks.size(); t++) {
                    for (int l : lossOrder) {
                        out.add(new Trial(l, t, budget, s));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The task trial {@code trial} trains: its task with the loss's overrides, epochs (or steps) times the
     * budget, seed {@code task.seed + trial.seed} (the same for every loss: same initial weights, same data
     * order) and the study's choice of scoring split. Works on the JSON tree so that it keeps every task
     * field, present and future, that it does not change.
     */
    TaskSpec taskOf(Trial trial, JsonMapper json) {
        TaskSpec base = tasks.get(trial.task()).withDefaults();
        ObjectNode node = json.valueToTree(base);
        StudyLoss.TaskOverrides overrides = losses.get(trial.loss()).overrides();
        if (overrides != null) {
            if (overrides.weightDecay() != null) {
                node.put("weightDecay", overrides.weightDecay());
            }
            if (overrides.learningRate() != null) {
                node.put("learningRate", overrides.learningRate());
            }
            if (overrides.optimizer() != null) {
                node.put("optimizer", overrides.optimizer());
            }
            if (overrides.momentum() != null) {
                node.put("momentum", overrides.momentum());
            }
        }
        if (base.steps() != null) {
            node.put("steps", (long) base.steps() * trial.budget());
        } else {
            node.put("epochs", (long) base.epochs() * trial.budget());
        }
        node.put("seed", base.seed() + trial.seed());
        node.put("evaluateTest", evaluateTest);
        return json.treeToValue(node, TaskSpec.class).withDefaults();
    }
}
