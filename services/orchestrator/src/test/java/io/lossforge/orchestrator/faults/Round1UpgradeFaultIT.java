package io.lossforge.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.orchestrator.ServiceProcess;
import io.lossforge.orchestrator.round1.Round1Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Design §6 test 7: the database a round-1 orchestrator left behind after a {@code kill -9} mid-search
 * (the committed fixture, made by the round-1 jars of commit e4c146a) is upgraded by today's orchestrator
 * jar at start-up (Flyway V2, V3). Its running search goes on from where it was, reusing the round-1
 * evaluations it already had; its cancelled and failed searches can be resumed, its finished one extended.
 */
@Tag("fault")
class Round1UpgradeFaultIT {

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("round1");

    @Test
    @Timeout(240)
    void aRound1DatabaseIsUpgradedItsSearchGoesOnAndItsOtherSearchesCanBeResumed() throws Exception {
        cluster.startDatabase();
        PGSimpleDataSource data = new PGSimpleDataSource();
        data.setUrl(cluster.jdbcUrl(FaultCluster.DATABASE));
        data.setUser("postgres");
        Round1Fixture.load(data);
        JsonNode searches = Round1Fixture.manifest().path("searches");
        String running = searches.path("running").path("id").asString();
        List<Map<String, Object>> trainedBefore =
                cluster.rows("select id, fitness from candidate where status = 'DONE' and outcome = 'SUCCEEDED'"
                        + " and cached_from is null order by id");
        long maxRound1Candidate = cluster.count("select max(id) from candidate");

        long start = System.nanoTime();
        ServiceProcess orchestrator = cluster.orchestrator("orch");
        FaultCluster.recovery("round1-upgrade.migrated-and-started", FaultCluster.secondsSince(start));
        // Round 1's V1 row stays; today's migrations ran on top of it.
        assertThat(cluster.count("select count(*) from flyway_schema_history where success and version = '1'"))
                .isOne();
        assertThat(cluster.count("select count(*) from flyway_schema_history where success and version in ('2', '3')"))
                .isEqualTo(2);
        cluster.stubTrainers(orchestrator, FaultCluster.Stub.named("A").trials(Duration.ofMillis(300), 3));

        JsonNode done = cluster.awaitEnded(orchestrator, running, Duration.ofSeconds(120));
        FaultCluster.recovery("round1-upgrade.running-search-ended", FaultCluster.secondsSince(start));
        FaultInvariants.succeeded(done);
        FaultInvariants.nothingUnevaluated(cluster, FaultCluster.DATABASE, running, done);
        FaultInvariants.noEvaluationFinishedTwice(cluster, FaultCluster.DATABASE);

        // Every round-1 result is still there, unchanged, and still stands for the candidate it was trained for.
        for (Map<String, Object> row : trainedBefore) {
            assertThat(cluster.rows(
                            "select e.fitness from candidate c join evaluation e on e.id = c.evaluation_id"
                                    + " where c.id = ? and c.status = 'EVALUATED'",
                            row.get("id")))
                    .as("round-1 candidate %s", row.get("id"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("fitness")).isEqualTo(row.get("fitness")));
        }
        // The generations bred after the upgrade reuse round-1 evaluations (the elite, at least).
        assertThat(cluster.count(
                        "select count(*) from candidate c join evaluation e on e.id = c.evaluation_id"
                                + " where c.search_id = ?::uuid and c.id > ? and c.reused and e.first_candidate_id <= ?",
                        running,
                        maxRound1Candidate,
                        maxRound1Candidate))
                .as("cache hits on round-1 evaluations")
                .isPositive();

        // The searches round 1 had stopped resume; the finished one goes on for one more generation.
        for (String stopped : List.of("cancelled", "failed")) {
            String id = searches.path(stopped).path("id").asString();
            assertThat(FaultCluster.post(orchestrator.url() + "/api/v1/searches/" + id + "/resume", "{}")
                            .statusCode())
                    .as("resume the %s search", stopped)
                    .isEqualTo(200);
            FaultInvariants.succeeded(cluster.awaitEnded(orchestrator, id, Duration.ofSeconds(120)));
        }
        String succeeded = searches.path("succeeded").path("id").asString();
        int generations = FaultCluster.getJson(orchestrator.url() + "/api/v1/searches/" + succeeded)
                .path("generationLimit")
                .asInt();
        assertThat(FaultCluster.post(
                                orchestrator.url() + "/api/v1/searches/" + succeeded + "/resume",
                                "{\"generations\": 1}")
                        .statusCode())
                .isEqualTo(200);
        JsonNode extended = cluster.awaitEnded(orchestrator, succeeded, Duration.ofSeconds(120));
        FaultInvariants.succeeded(extended);
        assertThat(extended.path("generationLimit").asInt()).isEqualTo(generations + 1);
        assertThat(FaultCluster.getJson(orchestrator.url() + "/api/v1/searches/" + succeeded + "/generations"))
                .hasSize(generations + 1);
    }
}
