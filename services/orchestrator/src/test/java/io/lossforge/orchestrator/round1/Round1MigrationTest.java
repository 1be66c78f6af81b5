package io.lossforge.orchestrator.round1;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V2 and V3 turn the database round 1 left behind (a search killed mid-generation, with a leased and a
 * queued trial, cache hits across searches) into evaluations and attempts, live rows included, and lose
 * no result: every trained fitness is still there, each once, behind every candidate that had it.
 */
class Round1MigrationTest {

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate db;
    /** Round 1's candidates as they were: id → (status, outcome, fitness, cached_from, search state, generation). */
    private static List<Map<String, Object>> before;

    @BeforeAll
    static void migrate() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("create database upgraded");
        }
        DataSource data = postgres.getDatabase("postgres", "upgraded");
        Round1Fixture.load(data);
        db = new JdbcTemplate(data);
        before = db.queryForList("""
                select c.id, c.status, c.outcome, c.fitness, c.cached_from, c.generation, s.state as search_state,
                       s.generation as search_generation
                from candidate c join search s on s.id = c.search_id order by c.id""");
        Flyway.configure()
                .dataSource(data)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void everyTrainedResultSurvivesOnceAndEveryCandidateThatHadItStillHasIt() {
        for (Map<String, Object> c : before) {
            if (!"DONE".equals(c.get("status")) || !"SUCCEEDED".equals(c.get("outcome"))) {
                continue;
            }
            Map<String, Object> now = db.queryForMap("""
                    select c.status, c.reused, e.status as evaluation, e.fitness from candidate c
                    join evaluation e on e.id = c.evaluation_id where c.id = ?""", c.get("id"));
            assertThat(now)
                    .as("candidate %s", c.get("id"))
                    .containsEntry("status", "EVALUATED")
                    .containsEntry("evaluation", "FINISHED")
                    .containsEntry("fitness", c.get("fitness"))
                    .containsEntry("reused", c.get("cached_from") != null);
        }
        // One finished evaluation per trained loss and task: the cache hits point at it, they are not copies.
        long trained = before.stream()
                .filter(c -> "DONE".equals(c.get("status")) && c.get("cached_from") == null)
                .filter(c -> "SUCCEEDED".equals(c.get("outcome")) || "DIVERGED".equals(c.get("outcome")))
                .count();
        assertThat(db.queryForObject("select count(*) from evaluation where status = 'FINISHED'", Long.class))
                .isEqualTo(trained);
        assertThat(db.queryForObject(
                        "select count(*) from (select hash, task_fingerprint from evaluation where status = 'FINISHED'"
                                + " group by 1, 2 having count(*) > 1) d",
                        Long.class))
                .isZero();
    }

    @Test
    void theKilledSearchsLiveWorkBecomesOpenEvaluationsWithTheLeasedTrialAsItsLiveAttempt() {
        String running = Round1Fixture.manifest()
                .path("searches")
                .path("running")
                .path("id")
                .asString();
        // The queued candidates of the running search follow OPEN evaluations ...
        assertThat(db.queryForList("""
                select distinct e.status from candidate c join evaluation e on e.id = c.evaluation_id
                where c.search_id = ?::uuid and c.status = 'EVALUATING'""", String.class, running)).containsExactly("OPEN");
        // ... the leased trial kept its id (its trainer may still call back) as a RUNNING attempt with a
        // grace deadline, and it is its evaluation's live attempt; the queued trial became ready work.
        Map<String, Object> leased = db.queryForMap("""
                select a.state, a.claimed_by, a.lease_deadline is not null as grace, e.live_attempt_id = a.id as live
                from attempt a join evaluation e on e.id = a.evaluation_id where a.id = 'a35fc30b-fdcc-4897-9e63-13f145be2bcc'""");
        assertThat(leased)
                .containsEntry("state", "RUNNING")
                .containsEntry("claimed_by", "round-1")
                .containsEntry("grace", true)
                .containsEntry("live", true);
        assertThat(db.queryForObject(
                        "select count(*) from evaluation where status = 'OPEN' and live_attempt_id is null",
                        Long.class))
                .isPositive();
        assertThat(db.queryForObject(
                        "select count(*) from search where generation_limit <> (spec ->> 'generations')::int",
                        Long.class))
                .as("every search keeps the generations it asked for")
                .isZero();
    }

    @Test
    void roundOnesFailuresAreNeverFitnessAndStoppedSearchesWaitForAResume() {
        // Round 1 recorded infrastructure failures as FAILED with the penalty fitness; now no such row has a
        // fitness, and none is EVALUATED: a stopped search's candidates are PENDING (a resume screens them),
        // older ones UNEVALUATED.
        assertThat(db.queryForObject("""
                select count(*) from evaluation where status = 'FINISHED' and outcome = 'SUCCEEDED'
                and (fitness is null or fitness < 0)""", Long.class)).isZero();
        for (Map<String, Object> c : before) {
            String old = (String) c.get("status");
            String state = db.queryForObject("select status from candidate where id = ?", String.class, c.get("id"));
            if ("REJECTED".equals(c.get("outcome"))) {
                assertThat(state).as("candidate %s", c.get("id")).isEqualTo("REJECTED");
            } else if (!"DONE".equals(old) && !"RUNNING".equals(c.get("search_state"))) {
                assertThat(state).as("candidate %s", c.get("id")).isEqualTo("PENDING");
            } else if ("FAILED".equals(c.get("outcome")) || "CANCELLED".equals(c.get("outcome"))) {
                assertThat(state).as("candidate %s", c.get("id")).isIn("PENDING", "UNEVALUATED", "EVALUATED");
            }
        }
        assertThat(db.queryForObject(
                        "select count(*) from information_schema.tables where table_name = 'trial'", Long.class))
                .isZero();
    }
}
