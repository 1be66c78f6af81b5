package io.lossforge.loss.golden;

import io.lossforge.loss.Expression;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.RandomExpressions;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.print.InfixPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the golden corpus once; it is then a committed file and never regenerated as part of a build.
 * Run only when a hash version is deliberately bumped (see {@link GoldenCorpusTest}):
 * {@code java -cp target/classes:target/test-classes io.lossforge.loss.golden.GoldenCorpusWriter FILE}.
 */
public final class GoldenCorpusWriter {

    static final int RANDOM_TREES = 1_200;
    static final int COMMUTED_TREES = 300;

    /** Spellings that exercise '^', negative constants and the simplifier's rules directly. */
    private static final List<String> HAND_WRITTEN = List.of(
            "p^2",
            "(1 - p)^2",
            "p^-0.5",
            "p^(-0.5)",
            "(p - 1)^3",
            "(p - 1)^0.5",
            "-p^2",
            "(-p)^2",
            "-2^2",
            "(-2)^2",
            "2^0.5 * p + y",
            "(p^2)^3 * y",
            "p^1 + y",
            "(p + y)^0",
            "p^-1 * y",
            "y * p^1.5",
            "(y - p)^-2",
            "exp(p)^2 - y",
            "-(2) * p + y",
            "-(-(2)) * y * p",
            "1e-07 * y / p",
            "0.001 * p - y",
            "y * p^0.25 - log(p)",
            "(2 + 2)^0.5 * p * y",
            "square(p - y)",
            "aq(p, y)^2",
            "min(p, y)^3 - max(p^2, y)",
            "sqrt(p)^-1.5 + y",
            "2^3 * p * y",
            "-(y * (1 - p)^2 * log(p))");

    private GoldenCorpusWriter() {}

    public static void main(String[] args) throws IOException {
        Files.write(Path.of(args[0]), lines());
    }

    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(GoldenEntry.HEADER);
        for (LossCatalog.Entry entry : LossCatalog.entries()) {
            for (Reduction reduction : Reduction.values()) {
                lines.add(GoldenEntry.compute(
                                reduction, InfixPrinter.print(entry.loss().expression()))
                        .line());
            }
        }
        for (String text : HAND_WRITTEN) {
            for (Reduction reduction : Reduction.values()) {
                lines.add(GoldenEntry.compute(reduction, text).line());
            }
        }
        Set<String> randomTexts = new LinkedHashSet<>();
        RandomExpressions random = new RandomExpressions(20261201L);
        while (randomTexts.size() < RANDOM_TREES) {
            Expression expression = random.next(6);
            randomTexts.add(InfixPrinter.print(expression));
            if (randomTexts.size() <= COMMUTED_TREES) {
                randomTexts.add(InfixPrinter.print(random.commute(expression)));
            }
        }
        int i = 0;
        for (String text : randomTexts) {
            lines.add(GoldenEntry.compute(i++ % 2 == 0 ? Reduction.MEAN : Reduction.SUM, text)
                    .line());
        }
        return lines;
    }
}
