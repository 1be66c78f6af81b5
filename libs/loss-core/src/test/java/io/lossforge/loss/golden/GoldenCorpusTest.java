package io.lossforge.loss.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.print.InfixPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The golden corpus: stored input texts (every catalog loss in both reductions, hand-written power and
 * sign spellings, and more than 1,000 random trees stored as text, so that the corpus does not depend
 * on any generator staying the same), each with its printed form, canonical text, {@code LossHash} and
 * reference values. Every input is re-parsed, printed, simplified, hashed and evaluated now and must
 * give exactly the stored result.
 *
 * <p><b>The rule:</b> hashes are identities stored in the database (evaluation caches, leaderboards), so
 * this file never changes as a side effect. If a change to printing, simplification or hashing is ever
 * intended, it bumps a hash version (a new {@code LossHash} prefix), migrates the stored rows with a
 * Flyway migration, and only then regenerates this corpus with {@link GoldenCorpusWriter}.
 */
class GoldenCorpusTest {

    private static final String CORPUS = "/golden/losses.tsv";

    private static List<GoldenEntry> corpus() throws IOException {
        try (InputStream in = Objects.requireNonNull(GoldenCorpusTest.class.getResourceAsStream(CORPUS), CORPUS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(GoldenEntry::parse)
                    .toList();
        }
    }

    @Test
    void everyStoredInputGivesItsStoredCanonicalTextHashAndValues() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (GoldenEntry stored : corpus()) {
            softly.assertThat(GoldenEntry.compute(stored.reduction(), stored.input()))
                    .as("%s [%s]", stored.input(), stored.reduction().id())
                    .isEqualTo(stored);
        }
        softly.assertAll();
    }

    @Test
    void theCorpusCoversTheCatalogInBothReductionsAndOverAThousandRandomTrees() throws IOException {
        List<GoldenEntry> corpus = corpus();
        for (LossCatalog.Entry entry : LossCatalog.entries()) {
            for (Reduction reduction : Reduction.values()) {
                String text = InfixPrinter.print(entry.loss().expression());
                assertThat(corpus).as(entry.name()).anyMatch(e -> e.input().equals(text) && e.reduction() == reduction);
            }
        }
        assertThat(corpus).hasSizeGreaterThan(LossCatalog.entries().size() * 2 + GoldenCorpusWriter.RANDOM_TREES);
        assertThat(corpus.stream().map(GoldenEntry::hash).distinct().count()).isGreaterThan(1_000);
    }
}
