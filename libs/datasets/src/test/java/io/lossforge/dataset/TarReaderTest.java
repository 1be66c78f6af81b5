package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> readAll(Path tarball) {
        Map<String, String> read = new LinkedHashMap<>();
        TarReader.read(tarball, (name, in) -> read.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        return read;
    }

    @Test
    void readsEveryRegularFileInOrderWithLongNamesFromPaxHeaders() throws IOException {
        String longName = "package/" + "deep/".repeat(25) + "file.json";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", bytes("{}"));
        entries.put("package/empty", new byte[0]);
        entries.put(longName, bytes("long"));
        entries.put("package/exactly-512", bytes("x".repeat(512)));
        entries.put("package/last", bytes("end"));

        Map<String, String> read = readAll(Tarballs.write(dir.resolve("a.tgz"), entries));

        assertThat(read)
                .containsExactly(
                        Map.entry("package/package.json", "{}"),
                        Map.entry("package/empty", ""),
                        Map.entry(longName, "long"),
                        Map.entry("package/exactly-512", "x".repeat(512)),
                        Map.entry("package/last", "end"));
    }

    @Test
    void entriesReadOnlyInPartAreSkippedCorrectly() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("big", new byte[100_000]);
        entries.put("after", bytes("ok"));
        Path tarball = Tarballs.write(dir.resolve("b.tgz"), entries);

        Map<String, String> read = new LinkedHashMap<>();
        TarReader.read(tarball, (name, in) -> read.put(name, new String(in.readNBytes(2), StandardCharsets.UTF_8)));

        assertThat(read).containsEntry("after", "ok").hasSize(2);
    }

    @Test
    void aDamagedHeaderIsCorrupt() throws IOException {
        byte[] header = Tarballs.header("package/x", 0, (byte) '0');
        header[0] = 'q';
        Path tarball = dir.resolve("c.tgz");
        Synthetic.write(tarball, header, true);

        assertThatThrownBy(() -> readAll(tarball))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("c.tgz is not a valid tar archive: the header at byte 0 has a wrong checksum")
                .extracting(e -> ((DatasetException) e).kind())
                .isEqualTo(Kind.CORRUPT);
    }

    @Test
    void aTruncatedTarballIsCorrupt() throws IOException {
        Path tarball = Tarballs.write(dir.resolve("d.tgz"), Map.of("package/data", new byte[50_000]));
        byte[] whole = Files.readAllBytes(tarball);
        Files.write(tarball, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> readAll(tarball))
                .isInstanceOf(DatasetException.class)
                .hasMessageEndingWith("d.tgz is truncated (it ends in the middle of its data)");
    }

    @Test
    void aFileThatIsNotGzipIsCorrupt() throws IOException {
        Path tarball = dir.resolve("e.tgz");
        Files.writeString(tarball, "<html>proxy error</html>");

        assertThatThrownBy(() -> readAll(tarball))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("e.tgz is not valid gzip data")
                .extracting(e -> ((DatasetException) e).kind())
                .isEqualTo(Kind.CORRUPT);
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> readAll(dir.resolve("missing.tgz")))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("cannot read")
                .hasMessageContaining("missing.tgz")
                .extracting(e -> ((DatasetException) e).kind())
                .isEqualTo(Kind.IO);
    }
}
