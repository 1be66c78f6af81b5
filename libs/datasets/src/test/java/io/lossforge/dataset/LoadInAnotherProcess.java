package io.lossforge.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The other process of {@link CrossProcessTest}: says it is ready (creates its ready file), waits until the
 * go file exists, so that both processes start loading at the same moment, then loads the dataset and
 * prints the repository's log.
 */
public final class LoadInAnotherProcess {

    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        Path root = Path.of(args[0]);
        Path go = Path.of(args[2]);
        Files.createFile(Path.of(args[3]));
        while (!Files.exists(go)) {
            Thread.sleep(1);
        }
        ImageDataset dataset = new DatasetRepository(root, System.out::println).load(args[1]);
        System.out.println("checksum " + dataset.checksum());
    }
}
