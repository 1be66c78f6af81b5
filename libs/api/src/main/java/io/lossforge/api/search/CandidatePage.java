package io.lossforge.api.search;

import java.util.List;

/**
 * A page of a search's candidates in breeding order (baselines, then generation by generation, by
 * position); {@code total} counts all of them (or all of the requested generation).
 */
public record CandidatePage(List<CandidateView> items, int page, int size, long total) {}
