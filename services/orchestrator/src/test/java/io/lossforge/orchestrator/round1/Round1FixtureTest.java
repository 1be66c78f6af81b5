package io.lossforge.orchestrator.round1;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The round-1 fixture loads into an empty PostgreSQL 17 exactly as it was exported, and it holds what an
 * upgrade test needs: a search killed with live work, finished results and cache hits.
 */
class Round1FixtureTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** A fresh, empty database on the shared server, loaded with the fixture. */
    private static DataSource loaded() throws Exception {
        String name = "round1_" + DATABASES.incrementAndGet();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("create database " + name);
        }
        DataSource database = postgres.getDatabase("postgres", name);
        Round1Fixture.load(database);
        return database;
    }

    @Test
    void everyTableLoadsWithTheRowsAndStatesTheManifestRecorded() throws Exception {
        JsonNode manifest = Round1Fixture.manifest();
        try (Connection db = loaded().getConnection();
                Statement sql = db.createStatement()) {
            for (String table : Round1Fixture.tables()) {
                assertThat(count(sql, "select count(*) from " + table))
                        .as(table)
                        .isEqualTo(manifest.path("rows").path(table).asLong());
            }
            assertThat(manifest.path("counts").propertyNames())
                    .contains("search.state", "candidate.status", "trial.state");
            for (String key : manifest.path("counts").propertyNames()) {
                String[] column = key.split("\\.");
                Map<String, Long> expected = new TreeMap<>();
                manifest.path("counts")
                        .path(key)
                        .properties()
                        .forEach(e -> expected.put(e.getKey(), e.getValue().asLong()));
                assertThat(Round1FixtureExporter.countBy(
                                db, "select " + column[1] + ", count(*) from " + column[0] + " group by 1"))
                        .as(key)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void itHoldsASearchKilledWithLiveWorkBesideFinishedResultsAndCacheHits() throws Exception {
        JsonNode searches = Round1Fixture.manifest().path("searches");
        String running = searches.path("running").path("id").asString();
        try (Connection db = loaded().getConnection();
                Statement sql = db.createStatement()) {
            assertThat(count(sql, "select count(*) from search where state = 'RUNNING' and id = '" + running + "'"))
                    .isOne();
            assertThat(count(sql, "select generation from search where id = '" + running + "'"))
                    .isOne();
            String trialsInGeneration1 = "select count(*) from trial t join candidate c on c.id = t.candidate_id"
                    + " where c.search_id = '" + running + "' and c.generation = 1 and t.state = ";
            assertThat(count(sql, trialsInGeneration1 + "'LEASED'")).isPositive();
            assertThat(count(sql, trialsInGeneration1 + "'QUEUED'")).isPositive();
            assertThat(count(
                            sql,
                            "select count(*) from candidate where status = 'DONE' and cached_from is null"
                                    + " and outcome = 'SUCCEEDED' and fitness is not null and result is not null"))
                    .isPositive();
            assertThat(count(
                            sql,
                            "select count(*) from candidate c join candidate r on r.id = c.cached_from"
                                    + " where c.search_id = '" + running + "' and r.search_id <> c.search_id"))
                    .as("cross-search cache hits")
                    .isPositive();
            for (String state : List.of("SUCCEEDED", "CANCELLED", "FAILED")) {
                assertThat(count(sql, "select count(*) from search where state = '" + state + "'"))
                        .as(state)
                        .isPositive();
            }
        }
    }

    @Test
    void round1sHistoryStillValidatesAgainstTodaysV1AndNewRowsGetFreshIds() throws Exception {
        DataSource database = loaded();
        // Throws if V1 changed by a byte since round 1: Flyway compares the loaded checksum with the file's.
        Flyway.configure()
                .dataSource(database)
                .locations("classpath:db/migration")
                .target("1")
                .load()
                .validate();
        try (Connection db = database.getConnection();
                Statement sql = db.createStatement()) {
            assertThat(count(sql, "select count(*) from " + Round1Fixture.HISTORY))
                    .isOne();
            assertThat(count(sql, "select nextval(pg_get_serial_sequence('candidate', 'id'))"))
                    .isGreaterThan(count(sql, "select max(id) from candidate"));
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
