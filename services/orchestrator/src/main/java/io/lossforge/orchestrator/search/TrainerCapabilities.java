package io.lossforge.orchestrator.search;

import io.lossforge.api.problem.FieldError;
import io.lossforge.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the trainers can train on, asked before a search or study is accepted, so that a typo in a dataset or
 * model name, or a class a dataset does not have, is a 400 rather than trials that all fail. Empty when no
 * trainer could be asked (then the names are accepted and a bad one surfaces as FAILED trials).
 */
public interface TrainerCapabilities {

    /** Model names known to a reachable trainer. */
    Optional<Set<String>> models();

    /** The number of classes of each dataset a reachable trainer lists. */
    Optional<Map<String, Integer>> datasetClasses();

    /** What the trainers know, asked once (one call each to a trainer) for every task of one request. */
    default Known known() {
        return new Known(datasetClasses(), models());
    }

    /**
     * The trainers' datasets with their class counts and their models; empty parts could not be asked.
     * {@link #errors} is the one check of a task against them.
     */
    record Known(Optional<Map<String, Integer>> datasetClasses, Optional<Set<String>> models) {

        /**
         * A task's (and its further tasks') dataset, model and class groups against what the trainers know,
         * each problem as a field error under {@code prefix} (e.g. {@code "task."}).
         */
        public List<FieldError> errors(String prefix, TaskSpec task) {
            List<FieldError> out = new ArrayList<>();
            check(prefix, task, out);
            List<TaskSpec> further = task.fitnessTasks() == null ? List.of() : task.fitnessTasks();
            for (int i = 0; i < further.size(); i++) {
                if (further.get(i) != null) {
                    check(prefix + "fitnessTasks[" + i + "].", further.get(i), out);
                }
            }
            return out;
        }

        private void check(String prefix, TaskSpec task, List<FieldError> out) {
            unknown(prefix + "dataset", task.dataset(), datasetClasses.map(Map::keySet), out);
            unknown(prefix + "model", task.model(), models, out);
            Integer classes = datasetClasses.map(c -> c.get(task.dataset())).orElse(null);
            if (classes != null) {
                task.violations(classes).forEach(v -> out.add(new FieldError(prefix + v.field(), v.message())));
            }
        }

        private static void unknown(String field, String name, Optional<Set<String>> known, List<FieldError> out) {
            known.filter(names -> !names.contains(name))
                    .ifPresent(names -> out.add(new FieldError(
                            field,
                            "'" + name + "' is unknown to the trainers; known: "
                                    + String.join(", ", new TreeSet<>(names)))));
        }
    }
}
