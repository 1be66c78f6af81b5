package io.lossforge.loss.simplify;

import io.lossforge.loss.Loss;
import io.lossforge.loss.print.InfixPrinter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stable identity of a loss: the first 16 hex digits (64 bits) of SHA-256 over its reduction and the
 * canonical infix text of its simplified expression. Equivalent spellings ({@code p*y + 1},
 * {@code 1 + y*p}) share a hash; the hash never depends on the JVM, the platform or the run.
 */
public final class LossHash {

    private LossHash() {}

    public static String of(Loss loss) {
        String canonical = loss.reduction().id() + ":" + InfixPrinter.print(Simplifier.simplify(loss.expression()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
