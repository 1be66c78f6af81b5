package io.lossforge.trainer.training;

import io.lossforge.task.TaskSpec;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The data a derived task ({@link TaskSpec#classGroups()}) trains on: each split filtered to the images of
 * the named dataset classes, in their order in the split, each labelled with the position of its class's
 * group; the number of classes is the number of groups. A task without groups trains on the data as it is.
 */
final class ClassGroups {

    private ClassGroups() {}

    /**
     * The data of {@code task}: {@code data} itself without class groups, else its filtered and relabelled
     * view (the test split too, when there is one).
     *
     * @throws IllegalArgumentException when a group names a class the dataset does not have
     */
    static TrainingData apply(TaskSpec task, TrainingData data) {
        List<List<Integer>> groups = task.classGroups();
        if (groups == null) {
            return data;
        }
        // The limit is TaskSpec's (the trainer refuses such a task at submission already): a backstop here.
        task.violations(data.classes()).stream().findFirst().ifPresent(v -> {
            throw new IllegalArgumentException(v.message());
        });
        int[] groupOf = new int[data.classes()];
        Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.size(); g++) {
            for (int index : groups.get(g)) {
                groupOf[index] = g;
            }
        }
        return new TrainingData(
                filtered(data.train(), groupOf),
                data.test() == null ? null : filtered(data.test(), groupOf),
                data.imageShape(),
                groups.size());
    }

    /** The images of {@code images} whose class has a group ({@code groupOf[label] >= 0}), labelled with it. */
    private static Images filtered(Images images, int[] groupOf) {
        int[] kept = new int[images.size()];
        int count = 0;
        for (int i = 0; i < images.size(); i++) {
            if (groupOf[images.label(i)] >= 0) {
                kept[count++] = i;
            }
        }
        return new Grouped(images, Arrays.copyOf(kept, count), groupOf);
    }

    /** Image {@code i} is image {@code kept[i]} of {@code images}, its label the group of that image's class. */
    private record Grouped(Images images, int[] kept, int[] groupOf) implements Images {

        @Override
        public int size() {
            return kept.length;
        }

        @Override
        public int label(int index) {
            return groupOf[images.label(kept[index])];
        }

        @Override
        public void copyImage(int index, FloatBuffer destination) {
            images.copyImage(kept[index], destination);
        }
    }
}
