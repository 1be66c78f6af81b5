package io.lossforge.trainer.training;

import java.util.List;

/** Where trials get their data by dataset name. */
public interface TrainingDataSource {

    /** The names of the datasets this trainer can train on. */
    List<String> names();

    /** The dataset's number of classes, if this source knows the dataset (without loading its pixels). */
    default java.util.OptionalInt classes(String dataset) {
        return java.util.OptionalInt.empty();
    }

    /**
     * The data of {@code dataset}, fetched and converted on first use.
     *
     * @throws IllegalArgumentException for an unknown dataset, with a message naming the known ones
     * @throws RuntimeException when fetching or reading fails (the message says why)
     */
    TrainingData load(String dataset);
}
