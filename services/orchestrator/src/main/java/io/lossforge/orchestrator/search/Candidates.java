package io.lossforge.orchestrator.search;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.simplify.LossHash;
import java.time.Instant;

/** Builds candidate rows: the one place where a loss becomes (text, hash, size) for the database. */
final class Candidates {

    private Candidates() {}

    static Candidate of(
            SearchJob search,
            int generation,
            int position,
            Expression expression,
            Reduction reduction,
            String source,
            int[] parents,
            String baseline) {
        Candidate row = new Candidate();
        row.searchId = search.id;
        row.generation = generation;
        row.position = position;
        row.baseline = baseline;
        row.expression = InfixPrinter.print(expression);
        row.reduction = reduction.id();
        row.hash = LossHash.of(new Loss(expression, reduction));
        row.taskFingerprint = search.taskFingerprint;
        row.source = source;
        row.parents = parents;
        row.nodes = expression.size();
        row.status = "PENDING";
        row.createdAt = Instant.now();
        return row;
    }

    static Candidate baseline(SearchJob search, int position, String name) {
        Loss loss = LossCatalog.find(name).orElseThrow().loss();
        return of(
                search,
                Candidate.BASELINE_GENERATION,
                position,
                loss.expression(),
                loss.reduction(),
                "BASELINE",
                new int[0],
                name);
    }

    static Loss loss(Candidate row) {
        return new Loss(Parser.parse(row.expression), Reduction.of(row.reduction));
    }
}
