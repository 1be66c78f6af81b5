package io.lossforge.orchestrator.study;

import io.lossforge.api.search.LeaderboardRow;
import io.lossforge.api.search.TransferSpec;
import io.lossforge.api.study.StudyLoss;
import io.lossforge.api.study.StudyRequest;
import io.lossforge.api.study.StudyView;
import io.lossforge.orchestrator.leaderboard.Leaderboards;
import io.lossforge.orchestrator.search.SearchService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the closing study of every SUCCEEDED search that asked for one ({@code transfer}) and has none yet:
 * its {@code topK} best evolved losses, one per gradient-equivalence family in leaderboard order, against
 * {@code compareWith} (default ce) on the transfer tasks, test split on. Study and the search's link to it are
 * written in one transaction, so a crash or a second replica cannot start two (the loser rolls back).
 */
@Component
class TransferStudies {

    private static final Logger log = LoggerFactory.getLogger(TransferStudies.class);
    /** Leaderboard rows read to find the top K evolved families among baselines. */
    private static final int ROWS_READ = 200;

    private final SearchService searches;
    private final Leaderboards leaderboards;
    private final StudyService studies;
    private final TransactionTemplate transactions;

    TransferStudies(
            SearchService searches,
            Leaderboards leaderboards,
            StudyService studies,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.searches = searches;
        this.leaderboards = leaderboards;
        this.studies = studies;
        this.transactions = new TransactionTemplate(transactions);
    }

    void startPending() {
        for (SearchService.PendingTransfer pending : searches.pendingTransfers()) {
            try {
                transactions.executeWithoutResult(status -> {
                    StudyView study = studies.create(request(pending), pending.createdBy());
                    if (searches.transferStarted(pending.searchId(), study.id())) {
                        log.info("search {} succeeded: transfer study {} started", pending.searchId(), study.id());
                    } else {
                        status.setRollbackOnly(); // another replica started it first
                    }
                });
            } catch (RuntimeException e) {
                log.warn("transfer study of search {} could not start: {}", pending.searchId(), e.toString());
            }
        }
    }

    private StudyRequest request(SearchService.PendingTransfer pending) {
        TransferSpec transfer = pending.transfer();
        int topK = transfer.topK() == null ? TransferSpec.DEFAULT_TOP_K : transfer.topK();
        List<StudyLoss> losses = new ArrayList<>();
        leaderboards.ofSearch(pending.searchId(), ROWS_READ, Leaderboards.Grouping.FAMILY).stream()
                .filter(row -> row.baseline() == null)
                .limit(topK)
                .forEach(row -> losses.add(new StudyLoss(row.hash(), label(row), row.reduction(), null)));
        List<String> compareWith = transfer.compareWith() == null ? List.of("ce") : transfer.compareWith();
        compareWith.forEach(name -> losses.add(new StudyLoss(name, null, null, null)));
        return new StudyRequest(
                "transfer of " + (pending.name() == null ? pending.searchId() : pending.name()),
                losses,
                transfer.tasks(),
                transfer.seeds(),
                true,
                null);
    }

    /** {@code #rank expression}: short enough for a report column, unique within the search. */
    private static String label(LeaderboardRow row) {
        String text = "#" + row.rank() + " " + row.expression();
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }
}
