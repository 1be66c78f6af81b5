package io.lossforge.orchestrator.population;

import java.util.List;

/**
 * The task of each multi-fidelity rung of one search, as new evaluations store it (JSON) and as the cache
 * keys it (fingerprint); index = rung, the last one the search's own task.
 */
public record RungTasks(List<String> json, List<String> fingerprints) {

    public RungTasks {
        json = List.copyOf(json);
        fingerprints = List.copyOf(fingerprints);
        if (json.isEmpty() || json.size() != fingerprints.size()) {
            throw new IllegalArgumentException("one task and one fingerprint per rung, at least one rung");
        }
    }

    /** The top rung's number. */
    public int top() {
        return json.size() - 1;
    }

    /** The task JSON of {@code candidate}'s rung, checked against the fingerprint the row was stored with. */
    String taskOf(Candidate candidate) {
        int rung = candidate.rung();
        if (rung > top() || !fingerprints.get(rung).equals(candidate.taskFingerprint())) {
            throw new IllegalStateException("candidate " + candidate.id() + " at rung " + rung
                    + " does not carry that rung's task fingerprint");
        }
        return json.get(rung);
    }
}
