package io.lossforge.dataset;

import static io.lossforge.dataset.Assertions.assertFails;
import static io.lossforge.dataset.Assertions.assertSyntheticImage;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split rules on a miniature package: 3 training and 1 test image per class instead of 6,000 and 1,000. */
class FashionMnistConverterTest {

    @TempDir
    Path dir;

    private final FashionMnistConverter converter = new FashionMnistConverter(3, 1);

    /** Image n of class k is synthetic image 100·k + n. */
    private static String image(int label, int n) {
        return IntStream.range(0, 784)
                .mapToObj(j -> String.valueOf(Synthetic.pixel(100 * label + n, j)))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static Map<String, byte[]> classes(int imagesPerClass) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        for (int k = 0; k < 10; k++) {
            int label = k;
            int count = label == 0 ? imagesPerClass + 1 : imagesPerClass;
            String rows =
                    IntStream.range(0, count).mapToObj(n -> image(label, n)).collect(Collectors.joining(","));
            // Like the real 0.json: empty rows in the middle and at the end, and an extra image.
            if (label == 0) {
                rows = image(0, 0) + ",[]," + rows.substring(rows.indexOf("],[") + 2) + ",[]";
            }
            entries.put(
                    "package/src/clothes/" + label + ".json",
                    ("{\"data\":[" + rows + "]}").getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    @Test
    void splitsEachClassInFileOrderSkipsEmptyRowsAndInterleavesClasses() throws IOException {
        DatasetContent content = converter.convert(Tarballs.write(dir.resolve("f.tgz"), classes(4)));

        assertThat(content.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(content.train().size()).isEqualTo(30);
        assertThat(content.test().size()).isEqualTo(10);
        for (int i = 0; i < 30; i++) {
            assertThat(content.train().label(i)).isEqualTo(i % 10);
            assertSyntheticImage(content.train(), i, 100 * (i % 10) + i / 10, 784);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(content.test().label(i)).isEqualTo(i);
            assertSyntheticImage(content.test(), i, 100 * i + 3, 784);
        }
    }

    @Test
    void tooFewImagesOrAMissingClassAreCorrupt() throws IOException {
        Path tooFew = Tarballs.write(dir.resolve("few.tgz"), classes(3));
        assertFails(
                () -> converter.convert(tooFew),
                Kind.CORRUPT,
                "few.tgz!package/src/clothes/1.json holds 3 images, fewer than the 4 needed for the split");

        Map<String, byte[]> entries = classes(4);
        entries.remove("package/src/clothes/7.json");
        Path missing = Tarballs.write(dir.resolve("missing.tgz"), entries);
        assertFails(() -> converter.convert(missing), Kind.CORRUPT, "missing.tgz lacks package/src/clothes/7.json");
    }

    @Test
    void imagesOfTheWrongSizeAreCorrupt() throws IOException {
        Map<String, byte[]> entries = classes(4);
        entries.put("package/src/clothes/5.json", "{\"data\":[[1,2,3]]}".getBytes(StandardCharsets.UTF_8));
        Path tarball = Tarballs.write(dir.resolve("odd.tgz"), entries);

        assertFails(
                () -> converter.convert(tarball),
                Kind.CORRUPT,
                "odd.tgz!package/src/clothes/5.json holds an image of 3 values, expected 784 (1x28x28)");
    }
}
