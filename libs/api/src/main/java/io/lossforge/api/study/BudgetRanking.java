package io.lossforge.api.study;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The losses of one task ranked by mean accuracy at one budget, best first; {@code spearmanToFirstBudget} is
 * the rank correlation with the ranking at the study's first budget (1.0 there; null with fewer than three
 * ranked losses).
 */
public record BudgetRanking(int task, int budget, @NotNull List<String> order, Double spearmanToFirstBudget) {}
