package io.lossforge.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.orchestrator.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Design §6 test 5: two orchestrator replicas on one database run the same search as one orchestrator
 * did. Run A (one orchestrator, two stub trainers, seed 7, population 12 × 4 generations) gives the
 * reference leaderboard L1; run B (replicas r1 and r2 on a fresh database {@code run2}, one new stub
 * trainer registered with each) must give the same L2: the search is a function of its seed and the
 * fitnesses, not of dispatch order or of which replica did what (design §3, "Determinism"). Along the
 * way nothing is sent twice, both replicas claim work, each evaluation is trained once and each
 * generation is bred once.
 *
 * <p>Attempts leased by one replica and reported to the other: a trainer reports only to the orchestrator
 * it is configured with (B1 to r1's internal port, B2 to r2's; no trial request names a callback URL any
 * more), but either replica leases attempts to either trainer, so an attempt r1 leased to B2 is reported
 * to r2, which accepts it (it was leased to B2's instance) and finishes it for both: the test checks that
 * such crossed attempts exist and finished, and that r2 sees the search r1 started end.
 *
 * <p>Depends on the new core: the SKIP LOCKED claim ({@code attempt.claimed_by}), breeding under the
 * search row lock, and the "bred" log line of the engine (the grep below may need its wording).
 */
@Tag("fault") // minutes of real processes: -DexcludedGroups=fault leaves them out
class ReplicasFaultIT {

    private static final int POPULATION = 12;
    private static final int GENERATIONS = 4;
    private static final long SEED = 7;
    private static final String RUN2 = "run2";
    /** The engine's log line when it breeds the next generation (one per generation after the first). */
    private static final Pattern BRED = Pattern.compile("(?i)\\bbred\\b");

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("replicas");

    @Test
    @Timeout(240)
    void twoReplicasRunTheSameSearchAsOneOrchestrator() throws Exception {
        cluster.startDatabase();

        // Run A: the reference, one orchestrator.
        ServiceProcess solo = cluster.orchestrator("solo");
        List<ServiceProcess> soloTrainers = cluster.stubTrainers(solo, stub("A1"), stub("A2"));
        long startA = System.nanoTime();
        String searchA = cluster.createSearch(solo, POPULATION, GENERATIONS, SEED);
        JsonNode doneA = cluster.awaitEnded(solo, searchA, Duration.ofSeconds(120));
        System.out.printf("run A (1 orchestrator): %.1f s%n", FaultCluster.secondsSince(startA));
        FaultInvariants.succeeded(doneA);
        List<List<Object>> l1 = leaderboard(solo, searchA);
        List<Map<String, Object>> population1 = population(FaultCluster.DATABASE, searchA);
        for (ServiceProcess process : soloTrainers) {
            process.kill();
        }
        solo.kill();

        // Run B: two replicas on a fresh database, a trainer registered with each.
        cluster.createDatabase(RUN2);
        // Both replicas must contend for claims. Event-driven, the replica that receives the results (from the
        // trainer configured with it) claims at once, and the other's 1 s safety-net pass finds nothing left:
        // without a short pass the test would often show one replica doing all the work (seen: r1 26, r2 0).
        List<ServiceProcess> replicas =
                cluster.replicas(RUN2, List.of("--lossforge.orchestrator.dispatch.interval=100ms"), "r1", "r2");
        ServiceProcess r1 = replicas.get(0);
        ServiceProcess r2 = replicas.get(1);
        List<ServiceProcess> replicaTrainers = new ArrayList<>();
        replicaTrainers.addAll(cluster.stubTrainers(r1, stub("B1")));
        replicaTrainers.addAll(cluster.stubTrainers(r2, stub("B2")));
        // The trainers' warm-up trials are not the replicas' attempts.
        double trainedBefore = 0;
        for (ServiceProcess trainer : replicaTrainers) {
            trainedBefore += FaultCluster.metric(trainer, "lossforge_trainer_trials_total")
                    .orElse(0.0);
        }
        long startB = System.nanoTime();
        String searchB = cluster.createSearch(r1, POPULATION, GENERATIONS, SEED);
        JsonNode doneB = cluster.awaitEnded(r1, searchB, Duration.ofSeconds(120));
        System.out.printf("run B (2 replicas): %.1f s%n", FaultCluster.secondsSince(startB));
        FaultInvariants.succeeded(doneB);
        assertThat(cluster.search(r2, searchB).path("state").asString())
                .as("the search as r2 sees it")
                .isEqualTo("SUCCEEDED");

        assertThat(leaderboard(r2, searchB))
                .as("L2 (rank, hash, fitness, generation) == L1")
                .isEqualTo(l1);
        assertThat(population(RUN2, searchB))
                .as("every generation's candidates by position, as in run A")
                .isEqualTo(population1);

        List<Map<String, Object>> claimedBy = cluster.rowsIn(
                RUN2, "select claimed_by, count(*) as attempts from attempt group by claimed_by order by claimed_by");
        System.out.println("attempts claimed per replica: " + claimedBy);
        assertThat(claimedBy).as("replicas that claimed attempts").hasSize(2);
        // Crossed: leased by one replica to the trainer that reports to the other (B1 → r1, B2 → r2). The
        // dispatch that starts each generation fills both trainers' free slots from one replica at once.
        List<Map<String, Object>> crossed = cluster.rowsIn(
                RUN2,
                "select a.claimed_by, t.url, a.state, count(*) as attempts from attempt a join trainer t on t.id ="
                        + " a.trainer_id where (t.url = ? and a.claimed_by = 'r2') or (t.url = ? and a.claimed_by ="
                        + " 'r1') group by 1, 2, 3 order by 1, 2, 3",
                replicaTrainers.get(0).url(),
                replicaTrainers.get(1).url());
        System.out.println("attempts leased by one replica, reported to the other: " + crossed);
        assertThat(crossed)
                .as("attempts leased by one replica to the trainer that reports to the other")
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("state")).isEqualTo("FINISHED"));

        assertThat(cluster.rowsIn(
                        RUN2,
                        "select id, status from evaluation where status <> 'FINISHED' or (select count(*) from"
                                + " attempt a where a.evaluation_id = evaluation.id) <> 1 or (select count(*) from"
                                + " attempt a where a.evaluation_id = evaluation.id and a.state = 'FINISHED') <> 1"))
                .as("evaluations not trained by exactly one FINISHED attempt")
                .isEmpty();
        FaultInvariants.oneFinishedAttemptPerEvaluatedCandidate(cluster, RUN2, searchB);
        FaultInvariants.nothingUnevaluated(cluster, RUN2, searchB, doneB);

        // Nothing sent twice: the trainers trained exactly the attempts the replicas recorded, and the
        // trainers' own duplicate-submission counter (where it exists) stayed at 0.
        long attempts = cluster.countIn(RUN2, "select count(*) from attempt");
        double trained = 0;
        for (ServiceProcess trainer : replicaTrainers) {
            trained += FaultCluster.metric(trainer, "lossforge_trainer_trials_total")
                    .orElse(0.0);
            Optional<Double> duplicates =
                    FaultCluster.metric(trainer, "lossforge_trainer_submissions_total", "duplicate");
            System.out.println(trainer.name() + " duplicate submissions: "
                    + duplicates.map(String::valueOf).orElse("(no counter)"));
            assertThat(duplicates.orElse(0.0))
                    .as("duplicate submissions to %s", trainer.name())
                    .isZero();
        }
        assertThat(trained - trainedBefore).as("trials trained by B1 + B2").isEqualTo((double) attempts);

        assertThat(cluster.countIn(RUN2, "select count(*) from generation_stats where search_id = ?::uuid", searchB))
                .as("generation_stats rows")
                .isEqualTo(GENERATIONS);
        long bred = 0;
        for (ServiceProcess replica : List.of(r1, r2)) {
            long lines = replica.logLines().stream()
                    .filter(line -> BRED.matcher(line).find())
                    .count();
            System.out.println(replica.name() + " bred lines: " + lines);
            bred += lines;
        }
        // Design §6 row 5: the engine logs each breeding (a line with the word "bred"), so the logs show
        // that no replica bred a generation twice (a second breed would roll back, but waste the work).
        assertThat(bred)
                .as("log lines with \"bred\" in r1 + r2 (one per generation after the first; the engine must log"
                        + " each breeding, e.g. \"search {} bred generation {}\")")
                .isEqualTo(GENERATIONS - 1);
    }

    /** 2 slots, 1 s trials in 10 steps: four generations in well under a minute. */
    private static FaultCluster.Stub stub(String name) {
        return FaultCluster.Stub.named(name).trials(Duration.ofSeconds(1), 10);
    }

    /** The leaderboard as (rank, hash, fitness, generation) rows: what must not depend on the replicas. */
    private static List<List<Object>> leaderboard(ServiceProcess orchestrator, String search) throws Exception {
        JsonNode board =
                FaultCluster.getJson(orchestrator.url() + "/api/v1/searches/" + search + "/leaderboard?limit=1000");
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : board) {
            rows.add(List.of(
                    row.path("rank").asInt(),
                    row.path("hash").asString(),
                    row.path("fitness").asDouble(),
                    row.path("generation").asInt()));
        }
        assertThat(rows).as("leaderboard of %s", search).isNotEmpty();
        return rows;
    }

    /** Every candidate's (generation, position, hash, status): the bred populations themselves. */
    private List<Map<String, Object>> population(String database, String search) throws Exception {
        return cluster.rowsIn(
                database,
                "select generation, position, hash, status from candidate where search_id = ?::uuid"
                        + " order by generation, position",
                search);
    }
}
