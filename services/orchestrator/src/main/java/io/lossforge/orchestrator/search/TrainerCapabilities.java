package io.lossforge.orchestrator.search;

import java.util.Optional;
import java.util.Set;

/**
 * What the trainers can train on, asked before a search is accepted, so that a typo in a dataset or
 * model name is a 400 rather than a search whose every candidate fails. Empty when no trainer could be
 * asked (then the search is accepted and a bad name surfaces as FAILED trials).
 */
public interface TrainerCapabilities {

    /** Dataset names known to a reachable trainer. */
    Optional<Set<String>> datasets();

    /** Model names known to a reachable trainer. */
    Optional<Set<String>> models();
}
