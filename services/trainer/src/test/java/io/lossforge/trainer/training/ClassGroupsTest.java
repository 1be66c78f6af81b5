package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.task.TaskSpec;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The derived view of a dataset ({@link ClassGroups}) and the per-class cap ({@link Sampling#capPerClass}). */
class ClassGroupsTest {

    /** One-pixel images whose pixel is their own index, so a view shows which image it hands out. */
    private record Indexed(int[] labels) implements Images {
        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public void copyImage(int index, FloatBuffer destination) {
            destination.put(index);
        }
    }

    private static final int[] TRAIN_LABELS = {3, 0, 9, 1, 8, 0, 2, 1, 8, 5, 9, 0};
    private static final int[] TEST_LABELS = {1, 4, 0, 8};
    private static final TrainingData DATA = new TrainingData(
            new Indexed(TRAIN_LABELS), new Indexed(TEST_LABELS), new ai.djl.ndarray.types.Shape(1, 1, 1), 10);

    private static TaskSpec grouped(List<List<Integer>> groups) {
        return TaskSpec.of("indexed", "mlp").withClassGroups(groups);
    }

    /** (underlying image, label) of every image of the view, in its order. */
    private static List<int[]> contents(Images images) {
        List<int[]> out = new ArrayList<>();
        FloatBuffer pixel = FloatBuffer.allocate(1);
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, pixel.clear());
            out.add(new int[] {(int) pixel.get(0), images.label(i)});
        }
        return out;
    }

    @Test
    void withoutGroupsTheDataIsTheDatasets() {
        assertThat(ClassGroups.apply(TaskSpec.of("indexed", "mlp"), DATA)).isSameAs(DATA);
    }

    @Test
    void aSubsetKeepsOnlyItsClassesInSplitOrderLabelledByPosition() {
        TrainingData subset = ClassGroups.apply(grouped(List.of(List.of(0), List.of(1), List.of(8))), DATA);
        assertThat(subset.classes()).isEqualTo(3);
        assertThat(subset.imageShape()).isEqualTo(DATA.imageShape());
        // Train images 1, 3, 4, 5, 7, 8, 11 hold classes 0, 1, 8, 0, 1, 8, 0 → groups 0, 1, 2, 0, 1, 2, 0.
        assertThat(contents(subset.train()))
                .containsExactly(
                        new int[] {1, 0},
                        new int[] {3, 1},
                        new int[] {4, 2},
                        new int[] {5, 0},
                        new int[] {7, 1},
                        new int[] {8, 2},
                        new int[] {11, 0});
        // The test split is filtered and relabelled the same way: images 0 (class 1), 2 (0), 3 (8).
        assertThat(contents(subset.test())).containsExactly(new int[] {0, 1}, new int[] {2, 0}, new int[] {3, 2});
    }

    @Test
    void aGroupingMergesClasses() {
        TrainingData merged = ClassGroups.apply(grouped(List.of(List.of(0, 1, 8, 9), List.of(2, 3, 4, 5))), DATA);
        assertThat(merged.classes()).isEqualTo(2);
        assertThat(merged.train().size())
                .as("every image but none: all its classes are grouped")
                .isEqualTo(12);
        int[] labels = new int[12];
        Arrays.setAll(labels, merged.train()::label);
        assertThat(labels).containsExactly(1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0);
        assertThat(merged.test().size())
                .as("class 4 is in a group, class 1 too")
                .isEqualTo(4);
    }

    @Test
    void aClassTheDatasetDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> ClassGroups.apply(grouped(List.of(List.of(0), List.of(10))), DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class 10 does not exist: indexed has 10 classes (0 to 9)");
    }

    @Test
    void aMissingTestSplitStaysMissing() {
        TrainingData noTest = new TrainingData(DATA.train(), null, DATA.imageShape(), 10);
        assertThat(ClassGroups.apply(grouped(List.of(List.of(0), List.of(1))), noTest)
                        .test())
                .isNull();
    }

    @Test
    void theCapKeepsTheFirstImagesOfEachClassInTheGivenOrder() {
        Images images = new Indexed(TRAIN_LABELS);
        int[] order = {11, 0, 1, 5, 2, 3, 7, 10, 9, 4};
        // Classes in that order: 0, 3, 0, 0, 9, 1, 1, 9, 5, 8 → at most 2 each: the third 0 (image 5) goes.
        assertThat(Sampling.capPerClass(order, images, 10, 2)).containsExactly(11, 0, 1, 2, 3, 7, 10, 9, 4);
        assertThat(Sampling.capPerClass(order, images, 10, 1)).containsExactly(11, 0, 2, 3, 9, 4);
        assertThat(Sampling.capPerClass(order, images, 10, 100)).containsExactly(order);
    }
}
