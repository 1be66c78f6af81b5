package io.lossforge.cli;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named study requests. {@code paper-cpu} is the paper's re-test shrunk to what a 2-core CPU machine finishes
 * in about two hours: its losses (ce, focal, sce, poly1, CE + L2, ngl) on Fashion-MNIST with cnn-small and
 * CIFAR-10 with cnn-medium, 5 seeds, on small training samples (the budget is docs/results/paper-cpu.md's).
 */
final class StudyPresets {

    private StudyPresets() {}

    static final Map<String, String> DESCRIPTIONS = Map.of(
            "paper-cpu",
            "ce, focal, sce, poly1, ce+l2, ngl on fashion-mnist/cnn-small and cifar-10/cnn-medium, 8,000 images × 3"
                    + " epochs, 5 seeds (under 2 h on 2 cores)");

    static ObjectNode request(String name) {
        if (!name.equals("paper-cpu")) {
            throw new InputException(
                    "--preset '" + name + "' is unknown; presets: " + String.join(", ", DESCRIPTIONS.keySet()));
        }
        ObjectNode request = Json.object();
        request.put("name", "paper-cpu");
        ArrayNode losses = request.putArray("losses");
        for (String loss : List.of("ce", "focal", "sce", "poly1", "ce+l2=ce@weightDecay=0.0005", "ngl")) {
            losses.add(StudyArguments.loss(loss));
        }
        ArrayNode tasks = request.putArray("tasks");
        // The budget: 8,000 training images × 3 epochs per trial (docs/results/paper-cpu.md has the wall time).
        tasks.add(StudyArguments.task(
                "fashion-mnist/cnn-small:trainSamples=8000,validationSamples=1000,epochs=3,seed=1"));
        tasks.add(StudyArguments.task("cifar-10/cnn-medium:trainSamples=8000,validationSamples=1000,epochs=3,seed=1"));
        request.put("seeds", 5);
        return request;
    }
}
