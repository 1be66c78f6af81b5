package io.lossforge.orchestrator.population;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.simplify.LossHash;
import java.time.Instant;
import java.util.UUID;

/** Builds candidate rows: the one place where a loss becomes (text, hash, size) for the database. */
public final class Candidates {

    private Candidates() {}

    /**
     * A bred (or seeded) candidate of {@code generation} at {@code position}, entering at rung {@code rung}
     * (the lowest; {@code taskFingerprint} is that rung's task).
     */
    public static Candidate bred(
            UUID searchId,
            String taskFingerprint,
            int generation,
            int position,
            int rung,
            Expression expression,
            Reduction reduction,
            String source,
            int[] parents,
            Instant now) {
        return new Candidate(
                searchId,
                generation,
                position,
                rung,
                null,
                InfixPrinter.print(expression),
                LossHash.of(new Loss(expression, reduction)),
                reduction.id(),
                taskFingerprint,
                source,
                parents,
                expression.size(),
                now);
    }

    /**
     * The baseline {@code entry} (a catalog name, or any loss expression, in its catalog reduction or the
     * default one, as {@link LossCatalog#resolve} reads it) as a labelled row (generation -1), at the top
     * rung {@code rung} (baselines are trained on the search's own task only).
     */
    public static Candidate baseline(
            UUID searchId, String taskFingerprint, int position, int rung, String entry, Instant now) {
        Loss loss = LossCatalog.resolve(entry, null);
        return new Candidate(
                searchId,
                Candidate.BASELINE_GENERATION,
                position,
                rung,
                entry,
                InfixPrinter.print(loss.expression()),
                LossHash.of(loss),
                loss.reduction().id(),
                taskFingerprint,
                "BASELINE",
                new int[0],
                loss.expression().size(),
                now);
    }

    /**
     * The same candidate one rung up: a row of its own at {@code rung} with that rung's task fingerprint,
     * PENDING, so that intake decides its evaluation at the new budget as for any candidate.
     */
    public static Candidate promoted(Candidate row, int rung, String taskFingerprint, Instant now) {
        if (rung != row.rung() + 1) {
            throw new IllegalArgumentException("a rung-" + row.rung() + " candidate cannot move to rung " + rung);
        }
        return new Candidate(
                row.searchId(),
                row.generation(),
                row.position(),
                rung,
                row.baseline(),
                row.expression(),
                row.hash(),
                row.reduction(),
                taskFingerprint,
                row.source(),
                row.parents(),
                row.nodes(),
                now);
    }

    public static Loss loss(Candidate row) {
        return loss(row.expression(), row.reduction());
    }

    /** The loss of a stored (expression, reduction id) pair. */
    public static Loss loss(String expression, String reduction) {
        return new Loss(Parser.parse(expression), Reduction.of(reduction));
    }
}
