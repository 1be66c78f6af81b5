package io.lossforge.dataset;

import static io.lossforge.dataset.Assertions.assertFails;
import static io.lossforge.dataset.Assertions.assertSyntheticImage;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.dataset.DatasetException.Kind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG layout on a miniature package: 2 images per training batch, 3 test images. */
class Cifar10PngConverterTest {

    @TempDir
    Path dir;

    private final Cifar10PngConverter converter = new Cifar10PngConverter();

    /** Row r is synthetic image first + r; channel c of pixel j is its value at c·1024 + j. */
    private static byte[] png(int first, int count, int width) throws IOException {
        BufferedImage image = new BufferedImage(width, count, BufferedImage.TYPE_3BYTE_BGR);
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < width; j++) {
                int red = Synthetic.pixel(first + r, j);
                int green = Synthetic.pixel(first + r, 1024 + j);
                int blue = Synthetic.pixel(first + r, 2048 + j);
                image.setRGB(j, r, red << 16 | green << 8 | blue);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] labels(int first, int count) {
        return IntStream.range(first, first + count)
                .mapToObj(i -> String.valueOf(i * 3 % 10))
                .collect(Collectors.joining(",", "[", "]"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> entries() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int batch = 1; batch <= 5; batch++) {
            entries.put("package/data_batch_" + batch + ".png", png((batch - 1) * 2, 2, 1024));
        }
        entries.put("package/test_batch.png", png(10, 3, 1024));
        // As in the real package: labels after the images, test before train.
        entries.put("package/test_lables.json", labels(10, 3));
        entries.put("package/train_lables.json", labels(0, 10));
        return entries;
    }

    @Test
    void eachPngRowIsOneImageWithItsChannelsAsPlanes() throws IOException {
        DatasetContent content = converter.convert(Tarballs.write(dir.resolve("c.tgz"), entries()));

        assertThat(content.shape()).isEqualTo(new ImageShape(3, 32, 32));
        assertThat(content.train().size()).isEqualTo(10);
        assertThat(content.test().size()).isEqualTo(3);
        for (int i = 0; i < 10; i++) {
            assertThat(content.train().label(i)).isEqualTo(i * 3 % 10);
            assertSyntheticImage(content.train(), i, i, 3072);
        }
        assertThat(content.test().label(2)).isEqualTo(12 * 3 % 10);
        assertSyntheticImage(content.test(), 2, 12, 3072);
    }

    @Test
    void labelsMustMatchTheImages() throws IOException {
        Map<String, byte[]> entries = entries();
        entries.put("package/test_lables.json", labels(10, 4));
        Path tarball = Tarballs.write(dir.resolve("more.tgz"), entries);
        assertFails(
                () -> converter.convert(tarball),
                Kind.CORRUPT,
                "more.tgz!package/test_lables.json holds 4 labels for 3 images");

        entries.put("package/test_lables.json", "[1,2,10]".getBytes(StandardCharsets.UTF_8));
        Path wide = Tarballs.write(dir.resolve("wide.tgz"), entries);
        assertFails(() -> converter.convert(wide), Kind.CORRUPT, "has label 10 at index 2, outside 0..9");
    }

    @Test
    void missingEntriesAndWrongWidthsAreCorrupt() throws IOException {
        Map<String, byte[]> entries = entries();
        entries.remove("package/data_batch_4.png");
        Path missing = Tarballs.write(dir.resolve("missing.tgz"), entries);
        assertFails(() -> converter.convert(missing), Kind.CORRUPT, "missing.tgz lacks package/data_batch_4.png");

        entries = entries();
        entries.put("package/test_batch.png", png(10, 3, 1000));
        Path narrow = Tarballs.write(dir.resolve("narrow.tgz"), entries);
        assertFails(
                () -> converter.convert(narrow),
                Kind.CORRUPT,
                "narrow.tgz!package/test_batch.png is a "
                        + "1000-pixel-wide image with 3 bands, expected 1024 pixels of 8-bit RGB per row");

        entries.put("package/test_batch.png", "not a png".getBytes(StandardCharsets.UTF_8));
        Path garbage = Tarballs.write(dir.resolve("garbage.tgz"), entries);
        assertFails(
                () -> converter.convert(garbage),
                Kind.CORRUPT,
                "garbage.tgz!package/test_batch.png is not a " + "readable PNG image");
    }
}
