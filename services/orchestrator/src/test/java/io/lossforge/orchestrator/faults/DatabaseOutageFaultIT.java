package io.lossforge.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.orchestrator.ServiceProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Design §6 test 4: PostgreSQL goes away for a minute in the middle of a search ({@code pg_ctl stop -m
 * fast}) and comes back on the same directory and port. The orchestrator must ride it out in the same
 * process (readiness DOWN, liveness UP), must not blame trainers or budgets for it, and must pick up the
 * results that finished meanwhile: the trainers give up their callbacks after 3 tries, so those results
 * arrive through the heartbeat (FINISHED listed → the orchestrator fetches the trial).
 *
 * <p>Depends on the new core: database retry and readiness, the liveness guard after an outage, the
 * heartbeat result fetch, and the {@code attempt}/{@code evaluation} tables.
 */
@Tag("fault") // minutes of real processes: -DexcludedGroups=fault leaves them out
class DatabaseOutageFaultIT {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** A health probe or API call that takes longer than this during the outage counts as hanging. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("outage");

    @Test
    @Timeout(240)
    void theOrchestratorRidesOutADatabaseOutageAndRecordsWhatFinishedMeanwhile() throws Exception {
        cluster.startDatabase();
        ServiceProcess orchestrator = cluster.orchestrator("orch");
        long pid = orchestrator.pid();
        // 3 s trials; 3 callback tries (≈ 1.5 s) so that results finishing in the outage are not delivered.
        List<ServiceProcess> trainers = cluster.stubTrainers(
                orchestrator,
                FaultCluster.Stub.named("A")
                        .trials(Duration.ofSeconds(3), 30)
                        .with("--lossforge.trainer.callback.max-attempts=3"),
                FaultCluster.Stub.named("B")
                        .trials(Duration.ofSeconds(3), 30)
                        .with("--lossforge.trainer.callback.max-attempts=3"));

        String search = cluster.createSearch(orchestrator, 8, 3, 14);
        cluster.await(
                "a result recorded and attempts running",
                () -> List.of(
                        cluster.count("select count(*) from attempt where state = 'FINISHED'"),
                        cluster.count("select count(*) from attempt where state = 'RUNNING'")),
                counts -> counts.get(0) > 0 && counts.get(1) >= 2,
                Duration.ofSeconds(40));
        List<Object> inFlight = cluster.rows("select id from attempt where state in ('LEASED', 'RUNNING')").stream()
                .map(row -> row.get("id"))
                .toList();

        cluster.stopDatabase();
        long down = System.nanoTime();
        Set<String> readiness = new LinkedHashSet<>();
        Set<String> liveness = new LinkedHashSet<>();
        Set<String> searchStates = new LinkedHashSet<>();
        List<String> notAlive = new ArrayList<>();
        while (FaultCluster.secondsSince(down) < OUTAGE.toSeconds()) {
            if (!orchestrator.isAlive()) {
                notAlive.add(String.format("%.1f s", FaultCluster.secondsSince(down)));
                break;
            }
            // Allow the first seconds for the pool to notice; from then on readiness must say DOWN.
            if (FaultCluster.secondsSince(down) > 10) {
                readiness.add(probe(orchestrator, "/actuator/health/readiness"));
            }
            liveness.add(probe(orchestrator, "/actuator/health/liveness"));
            try {
                HttpResponse<String> view =
                        FaultCluster.get(orchestrator.url() + "/api/v1/searches/" + search, PROBE_TIMEOUT);
                searchStates.add(
                        view.statusCode() == 200
                                ? FaultCluster.JSON
                                        .readTree(view.body())
                                        .path("state")
                                        .asString()
                                : "HTTP " + view.statusCode());
            } catch (Exception e) {
                searchStates.add(e.getClass().getSimpleName());
            }
            Thread.sleep(1000);
        }
        cluster.restartDatabase();
        long up = System.nanoTime();
        System.out.printf(
                "outage of %.0f s: readiness %s, liveness %s, search seen as %s%n",
                FaultCluster.secondsSince(down) - FaultCluster.secondsSince(up), readiness, liveness, searchStates);

        assertThat(notAlive).as("the orchestrator exited during the outage").isEmpty();
        assertThat(orchestrator.pid()).isEqualTo(pid);
        // Checked at the end, so that a wrong probe does not hide how the recovery went.
        SoftAssertions duringOutage = new SoftAssertions();
        duringOutage.assertThat(readiness).as("readiness during the outage").containsOnly("503 DOWN");
        duringOutage.assertThat(liveness).as("liveness during the outage").containsOnly("200 UP");
        duringOutage.assertThat(searchStates).as("the search during the outage").doesNotContain("FAILED");

        cluster.await(
                "the attempts in flight at the outage recorded",
                () -> cluster.count(
                        "select count(*) from attempt where id = any(?::uuid[]) and state = 'FINISHED'",
                        (Object) inFlight.stream().map(Object::toString).toArray(String[]::new)),
                n -> n == inFlight.size(),
                Duration.ofSeconds(30));
        System.out.printf(
                "recovery: the %d results that finished during the outage recorded %.1f s after PostgreSQL came back%n",
                inFlight.size(), FaultCluster.secondsSince(up));
        FaultCluster.recovery("db-outage.results-recorded", FaultCluster.secondsSince(up));

        JsonNode done = cluster.awaitEnded(orchestrator, search, Duration.ofSeconds(90));
        System.out.printf("recovery: search ended %.1f s after PostgreSQL came back%n", FaultCluster.secondsSince(up));
        FaultCluster.recovery("db-outage.search-ended", FaultCluster.secondsSince(up));
        assertThat(orchestrator.pid()).as("same orchestrator process").isEqualTo(pid);
        assertThat(orchestrator.isAlive()).isTrue();
        FaultInvariants.succeeded(done);
        assertThat(probe(orchestrator, "/actuator/health/readiness")).isEqualTo("200 UP");

        assertThat(cluster.rows(
                        "select id, evaluation_id, trainer_url, outcome from attempt where outcome = any(?)",
                        (Object) FaultInvariants.BUDGETED.toArray(String[]::new)))
                .as("budgeted failures (the outage is nobody's fault)")
                .isEmpty();
        assertThat(cluster.count("select coalesce(sum(failures), 0) from evaluation"))
                .as("evaluation failures")
                .isZero();
        assertThat(cluster.rows("select evaluation_id, count(*) as attempts from attempt group by evaluation_id"
                        + " having count(*) <> 1 or bool_or(state <> 'FINISHED')"))
                .as("evaluations without exactly one attempt, FINISHED")
                .isEmpty();
        List<Map<String, Object>> trainerStates = cluster.rows("select url, state, consecutive_failures from trainer");
        assertThat(trainerStates)
                .as("trainers after the outage")
                .allSatisfy(row -> assertThat(row.get("state")).isEqualTo("ACTIVE"));
        FaultInvariants.oneFinishedAttemptPerEvaluatedCandidate(cluster, FaultCluster.DATABASE, search);
        FaultInvariants.nothingUnevaluated(cluster, FaultCluster.DATABASE, search, done);
        duringOutage.assertAll();
        for (ServiceProcess trainer : trainers) {
            // Informational: how many results could only arrive through the heartbeat fetch.
            System.out.println(trainer.name() + " result callbacks given up during the outage: "
                    + trainer.logLines().stream()
                            .filter(line -> line.contains("not delivered after"))
                            .count());
        }
    }

    /** "status UP|DOWN" of a health endpoint, or the error when it does not answer. */
    private static String probe(ServiceProcess service, String path) {
        try {
            HttpResponse<String> health = FaultCluster.get(service.url() + path, PROBE_TIMEOUT);
            return health.statusCode() + " "
                    + FaultCluster.JSON.readTree(health.body()).path("status").asString("?");
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
