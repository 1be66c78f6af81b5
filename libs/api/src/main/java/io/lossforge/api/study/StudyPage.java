package io.lossforge.api.study;

import java.util.List;

/** A page of studies, newest first ({@code GET /api/v1/studies}). */
public record StudyPage(List<StudyView> items, int page, int size, long total) {}
