package io.lossforge.cli;

import io.lossforge.dataset.DataRoot;
import io.lossforge.dataset.DatasetException;
import io.lossforge.dataset.DatasetRepository;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The data root a {@code datasets} command works on: the {@code --data-root} option, shared as a picocli
 * mixin, and the repository over it.
 */
final class DataRootOption {

    @Option(
            names = "--data-root",
            paramLabel = "DIR",
            description = "The data root: fetched npm tarballs (.packages), converted caches (.cache) and user "
                    + "datasets (any other sub-directory). Default: $LOSSFORGE_HOME/data, with LOSSFORGE_HOME "
                    + "defaulting to ~/.lossforge.")
    Path dataRoot;

    /** A repository over the chosen root that reports what it does (fetches, conversions) to {@code log}. */
    DatasetRepository repository(Consumer<String> log) {
        return new DatasetRepository(dataRoot != null ? dataRoot : DataRoot.defaultRoot(), log);
    }

    /**
     * A dataset failure as the CLI reports it: unknown names, corrupt files, a missing npm and failed
     * fetches are all something the user can fix, so they are input errors (exit code 2), not bugs.
     */
    static InputException inputError(DatasetException e) {
        return new InputException(e.getMessage());
    }
}
