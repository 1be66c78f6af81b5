package io.lossforge.cli;

import io.lossforge.loss.Expression;
import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.simplify.LossHash;
import java.util.Optional;

/**
 * Options that name catalog losses ({@code search start --seed-losses, --baselines}) also take what
 * {@code loss show} prints for one: its hash, its expression or its simplified form, so that output can
 * be pasted back. The orchestrator is sent the catalog name either way.
 */
final class CatalogLosses {

    private CatalogLosses() {}

    /** The catalog name of the loss the value names, spells or hashes; the value itself when none. */
    static String name(String value) {
        String text = value.strip();
        if (text.isEmpty() || LossCatalog.find(text).isPresent()) {
            return text;
        }
        return LossCatalog.entries().stream()
                .filter(entry -> LossHash.of(entry.loss()).equals(text) || sameExpression(entry, text))
                .map(LossCatalog.Entry::name)
                .findFirst()
                .orElse(text);
    }

    /** Equal when simplified alike under the entry's own reduction: the loss hash's definition of equal. */
    private static boolean sameExpression(LossCatalog.Entry entry, String text) {
        return parse(text)
                .map(expression -> new Loss(expression, entry.loss().reduction()))
                .map(LossHash::of)
                .filter(LossHash.of(entry.loss())::equals)
                .isPresent();
    }

    private static Optional<Expression> parse(String text) {
        try {
            return Optional.of(Parser.parse(text));
        } catch (InvalidLossException e) {
            return Optional.empty();
        }
    }
}
