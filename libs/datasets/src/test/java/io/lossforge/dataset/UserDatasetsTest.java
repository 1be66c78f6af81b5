package io.lossforge.dataset;

import static io.lossforge.dataset.Assertions.assertFails;
import static io.lossforge.dataset.Assertions.assertSyntheticImage;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user formats (IDX, CIFAR-10 and CIFAR-100 binary) read through the repository: content and validation. */
class UserDatasetsTest {

    @TempDir
    Path root;

    private DatasetRepository repository() {
        return new DatasetRepository(root, message -> {});
    }

    @Test
    void idxPlainAndGzippedGiveTheSameDataAndChecksum() throws IOException {
        Synthetic.idx(root.resolve("plain"), 12, 5, 3, 4, 5, false);
        Synthetic.idx(root.resolve("zipped"), 12, 5, 3, 4, 5, true);

        ImageDataset plain = repository().load("plain");
        ImageDataset zipped = repository().load("zipped");

        assertThat(plain.shape()).isEqualTo(new ImageShape(1, 4, 5));
        assertThat(plain.classes()).isEqualTo(3);
        assertThat(plain.train().size()).isEqualTo(12);
        assertThat(plain.test().size()).isEqualTo(5);
        assertThat(plain.test().label(4)).isEqualTo((12 + 4) % 3);
        assertSyntheticImage(plain.train(), 11, 11, 20);
        assertSyntheticImage(zipped.test(), 4, 12 + 4, 20);
        assertThat(zipped.checksum()).isEqualTo(plain.checksum()).hasSize(64);
    }

    @Test
    void cifar10BatchesAreConcatenatedInOrder() throws IOException {
        Synthetic.cifar10(root.resolve("tiny-cifar"), 3, 4);

        ImageDataset dataset = repository().load("tiny-cifar");

        assertThat(dataset.shape()).isEqualTo(new ImageShape(3, 32, 32));
        assertThat(dataset.train().size()).isEqualTo(15);
        assertThat(dataset.classes()).isEqualTo(10);
        assertThat(dataset.train().label(7)).isEqualTo(7);
        assertSyntheticImage(dataset.train(), 7, 7, 3072);
        assertSyntheticImage(dataset.train(), 14, 14, 3072);
        assertSyntheticImage(dataset.test(), 0, 15, 3072);
    }

    @Test
    void cifar100UsesTheFineLabelAndCountsClassesFromIt() throws IOException {
        Synthetic.cifar100(root.resolve("c100"), 30, 10);

        ImageDataset dataset = repository().load("c100");

        assertThat(dataset.classes()).isEqualTo(40);
        assertThat(dataset.train().label(29)).isEqualTo(29);
        assertThat(dataset.test().label(9)).isEqualTo(39);
        assertSyntheticImage(dataset.test(), 9, 39, 3072);
    }

    @Test
    void truncatedIdxFilesNameTheFileAndTheShortfall() throws IOException {
        Path dir = Synthetic.idx(root.resolve("cut"), 10, 2, 2, 4, 5, false);
        byte[] images = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        Files.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, 16 + 150));

        assertFails(
                () -> repository().load("cut"),
                Kind.CORRUPT,
                "train-images-idx3-ubyte is truncated: its header "
                        + "announces 10 images of 1x4x5 (200 bytes) but only 150 bytes follow");
    }

    @Test
    void truncatedGzipIsCorrupt() throws IOException {
        Path dir = Synthetic.idx(root.resolve("cut-gz"), 10, 2, 2, 4, 5, true);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(bytes, bytes.length - 12));

        assertFails(() -> repository().load("cut-gz"), Kind.CORRUPT, "t10k-labels-idx1-ubyte.gz is truncated");
    }

    @Test
    void badMagicNumbersAreNamed() throws IOException {
        Path dir = Synthetic.idx(root.resolve("swapped"), 4, 2, 2, 4, 5, false);
        // Labels where images belong: a classic mix-up.
        Files.copy(
                dir.resolve("train-labels-idx1-ubyte"),
                dir.resolve("train-images-idx3-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertFails(
                () -> repository().load("swapped"),
                Kind.CORRUPT,
                "train-images-idx3-ubyte does not start with "
                        + "the IDX magic number 0x00000803 (images: unsigned bytes, 3 dimensions) but with 0x00000801");

        Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
        assertFails(
                () -> repository().load("swapped"),
                Kind.CORRUPT,
                "train-images-idx3-ubyte is too short for an IDX header (16 bytes)");
    }

    @Test
    void idxLabelCountsAndShapesMustAgree() throws IOException {
        Path dir = Synthetic.idx(root.resolve("odd"), 4, 2, 2, 4, 5, false);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), Synthetic.idxLabels(3, 2, 0));
        assertFails(
                () -> repository().load("odd"),
                Kind.CORRUPT,
                "announces 3 labels but",
                "train-images-idx3-ubyte holds 4 images");

        Files.write(dir.resolve("train-labels-idx1-ubyte"), Synthetic.idxLabels(4, 2, 0));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), Synthetic.idxImages(2, 5, 4, 0));
        assertFails(() -> repository().load("odd"), Kind.CORRUPT, "holds images of 1x5x4 but", "1x4x5");
    }

    @Test
    void aSingleClassIsNotAClassificationDataset() throws IOException {
        Synthetic.idx(root.resolve("one-class"), 4, 2, 1, 4, 5, false);

        assertFails(() -> repository().load("one-class"), Kind.CORRUPT, "every label in", "is 0");
    }

    @Test
    void cifarFilesMustHoldWholeRecords() throws IOException {
        Path dir = Synthetic.cifar10(root.resolve("short"), 2, 2);
        Files.write(dir.resolve("data_batch_4.bin"), Arrays.copyOf(Synthetic.cifarRecords(0, 2, false), 3073 + 1000));

        assertFails(
                () -> repository().load("short"),
                Kind.CORRUPT,
                "data_batch_4.bin holds 4073 bytes, which is not a whole number of 3073-byte CIFAR-10 records");
    }

    @Test
    void cifarLabelsOutOfRangeAreNamedWithTheirRecord() throws IOException {
        Path dir = Synthetic.cifar10(root.resolve("wide"), 2, 4);
        byte[] test = Synthetic.cifarRecords(0, 4, false);
        test[3 * 3073] = 10;
        Files.write(dir.resolve("test_batch.bin"), test);
        assertFails(
                () -> repository().load("wide"), Kind.CORRUPT, "test_batch.bin: record 3 has label 10, outside 0..9");

        Path hundred = Synthetic.cifar100(root.resolve("coarse"), 5, 2);
        byte[] train = Synthetic.cifarRecords(0, 5, true);
        train[2 * 3074] = 20;
        Files.write(hundred.resolve("train.bin"), train);
        assertFails(
                () -> repository().load("coarse"),
                Kind.CORRUPT,
                "train.bin: record 2 has coarse label 20, outside 0..19");
    }

    @Test
    void listDescribesUserDatasetsWithoutLoadingThem() throws IOException {
        Synthetic.idx(root.resolve("digits"), 6, 2, 4, 4, 5, true);
        Synthetic.cifar100(root.resolve("c100"), 30, 10);

        List<DatasetInfo> infos = repository().list();

        assertThat(infos).extracting(DatasetInfo::name).containsExactly("fashion-mnist", "cifar-10", "c100", "digits");
        assertThat(infos.get(2))
                .isEqualTo(new DatasetInfo("c100", "cifar-binary", true, new ImageShape(3, 32, 32), 40));
        assertThat(infos.get(3)).isEqualTo(new DatasetInfo("digits", "idx", true, new ImageShape(1, 4, 5), 4));
        assertThat(root.resolve(".cache/digits.lfds")).doesNotExist();
    }
}
