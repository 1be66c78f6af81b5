package io.lossforge.api.search;

import java.util.List;

/** A page of searches, newest first ({@code GET /api/v1/searches}); {@code total} counts every search. */
public record SearchPage(List<SearchView> items, int page, int size, long total) {}
