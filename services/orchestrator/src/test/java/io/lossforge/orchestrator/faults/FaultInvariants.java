package io.lossforge.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What must hold after any fault once a search has ended (design §1, §3): no evaluation was recorded
 * twice, every evaluated candidate rests on exactly one finished attempt, nothing was given up. These
 * read the new core's tables ({@code evaluation}, {@code attempt}, {@code candidate.evaluation_id}), so
 * they fail against the round-1 schema.
 */
final class FaultInvariants {

    /** Attempt outcomes that count toward an evaluation's budget (design §1, flag b). */
    static final List<String> BUDGETED =
            List.of("TRAINER_ERROR", "OUT_OF_MEMORY", "SERVER_ERROR", "STALLED", "TRAINER_LOST", "LEASE_EXPIRED");

    private FaultInvariants() {}

    /** No evaluation has two FINISHED attempts: a result is applied once, a second one is late or duplicate. */
    static void noEvaluationFinishedTwice(FaultCluster cluster, String database) throws SQLException {
        assertThat(cluster.rowsIn(
                        database,
                        "select evaluation_id, count(*) as finished from attempt where state = 'FINISHED'"
                                + " group by evaluation_id having count(*) > 1"))
                .as("evaluations with more than one FINISHED attempt")
                .isEmpty();
    }

    /** "Exactly one finished evaluation per candidate": each EVALUATED candidate's evaluation has one FINISHED attempt. */
    static void oneFinishedAttemptPerEvaluatedCandidate(FaultCluster cluster, String database, String searchId)
            throws SQLException {
        assertThat(cluster.rowsIn(
                        database,
                        "select c.id, c.generation, c.position, c.evaluation_id,"
                                + " (select count(*) from attempt a where a.evaluation_id = c.evaluation_id"
                                + "  and a.state = 'FINISHED') as finished"
                                + " from candidate c where c.search_id = ?::uuid and c.status = 'EVALUATED'"
                                + " and (select count(*) from attempt a where a.evaluation_id = c.evaluation_id"
                                + "  and a.state = 'FINISHED') <> 1",
                        searchId))
                .as("EVALUATED candidates whose evaluation has not exactly one FINISHED attempt")
                .isEmpty();
        assertThat(cluster.countIn(
                        database,
                        "select count(*) from candidate where search_id = ?::uuid and status = 'EVALUATED'",
                        searchId))
                .as("EVALUATED candidates")
                .isPositive();
    }

    /** No candidate, evaluation or count says UNEVALUATED: every attempt budget sufficed. */
    static void nothingUnevaluated(FaultCluster cluster, String database, String searchId, JsonNode search)
            throws SQLException {
        assertThat(search.path("counts").path("unevaluated").asLong())
                .as("counts.unevaluated of %s", search)
                .isZero();
        assertThat(cluster.rowsIn(
                        database,
                        "select id, generation, position from candidate where search_id = ?::uuid"
                                + " and status = 'UNEVALUATED'",
                        searchId))
                .as("UNEVALUATED candidates")
                .isEmpty();
        assertThat(cluster.rowsIn(database, "select id, failures from evaluation where status = 'UNEVALUATED'"))
                .as("UNEVALUATED evaluations")
                .isEmpty();
    }

    static void succeeded(JsonNode search) {
        assertThat(search.path("state").asString()).as(search.toString()).isEqualTo("SUCCEEDED");
        assertThat(search.path("counts").path("pending").asLong())
                .as("pending of %s", search)
                .isZero();
    }

    /** A timestamp from a JDBC row (pgjdbc gives Timestamp for timestamptz) or a JSON field (ISO-8601). */
    static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            case Instant instant -> instant;
            case JsonNode node when node.isNull() || node.isMissingNode() -> null;
            case JsonNode node when node.isNumber() -> Instant.ofEpochMilli((long) (node.asDouble() * 1000));
            case JsonNode node -> Instant.parse(node.asString());
            default -> Instant.parse(value.toString());
        };
    }

    static double secondsBetween(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toMillis() / 1000.0;
    }

    static String describe(List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder();
        rows.forEach(row -> out.append(row).append('\n'));
        return out.toString();
    }
}
