package io.lossforge.orchestrator.search;

import io.lossforge.task.TaskSpec;

/** What a trainer needs to train one candidate: the canonical expression, its reduction and the task. */
public record TrialWork(long candidateId, String expression, String reduction, TaskSpec task) {}
