package io.lossforge.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.search.SearchRequest;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.orchestrator.search.SearchService;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dispatcher's paths against a scripted {@link TrainerClient} (one answer per trainer URL) on the real
 * schema, with a clock the test moves: busy, refused task, refused connection, an answer that may have
 * arrived (left to the accept deadline), and late and duplicate reports. Real trainers answer these in the
 * fault tests; here each path is one quick, deterministic case.
 */
// A mock servlet environment, no server: the security filter chains need a web application context
// (HttpSecurity), though this test calls the dispatcher's beans directly and sends no request.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
class DispatchPathsTest {

    /** A clock the test can move forward (the loops read it too). */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Answers start requests as scripted for the trainer's URL; remembers what it was asked. */
    static final class ScriptedTrainers implements TrainerClient {

        @Override
        public java.util.Optional<java.util.Map<String, Integer>> datasetClasses(String trainerUrl) {
            return java.util.Optional.empty();
        }

        final Map<String, Start> answers = new ConcurrentHashMap<>();
        final List<String> cancelled = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Start start(String trainerUrl, TrialRequest request) {
            return answers.getOrDefault(trainerUrl, new Start.Accepted());
        }

        @Override
        public Status status(String trainerUrl, String trialId) {
            return new Status.Unknown();
        }

        @Override
        public void cancel(String trainerUrl, String trialId) {
            cancelled.add(trialId);
        }

        @Override
        public Optional<List<String>> names(String trainerUrl, String path) {
            return Optional.empty();
        }
    }

    @TestConfiguration
    static class Fakes {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }

        @Bean
        @Primary
        ScriptedTrainers scriptedTrainers() {
            return new ScriptedTrainers();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String home = Files.createTempDirectory("dispatch-paths").toString();
        registry.add("lossforge.orchestrator.home", () -> home);
        registry.add("lossforge.orchestrator.dispatch.interval", () -> "50ms");
        registry.add("lossforge.orchestrator.liveness.lost-after", () -> "1h");
        registry.add("lossforge.orchestrator.liveness.stall-timeout", () -> "1h");
        // Credentials as every test runs with them, and the internal port 0: never a fixed port.
        io.lossforge.orchestrator.TestCredentials.register(registry);
    }

    @Autowired
    Heartbeats heartbeats;

    @Autowired
    Attempts attempts;

    @Autowired
    Sweeper sweeper;

    @Autowired
    SearchService searches;

    @Autowired
    ScriptedTrainers trainers;

    @Autowired
    MovableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    private static long seed = 100;

    /** A trainer answering {@code answer}, and a search whose work only it can take. */
    private UUID trainerWithSearch(String url, TrainerClient.Start answer) {
        trainers.answers.put(url, answer);
        jdbc.update("update trainer set state = 'LOST'"); // only the new trainer takes this test's work
        UUID trainer = heartbeats.register(url, 2, UUID.randomUUID());
        startSearch(url);
        return trainer;
    }

    /** A small search named {@code name} (every call its own task seed, so no result is reused). */
    private void startSearch(String name) {
        searches.create(
                new SearchRequest(
                        name,
                        new TaskSpec(
                                "fashion-mnist",
                                "mlp",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                seed++,
                                null,
                                null,
                                null,
                                null),
                        new SearchSpec(
                                4, 1, null, null, null, null, null, null, List.of("ce", "ngl"), List.of("ce"), 1L),
                        null),
                "dispatch-paths");
    }

    private List<Map<String, Object>> attemptsOf(UUID trainer) {
        return jdbc.queryForList(
                "select a.id, a.state, a.outcome, e.failures from attempt a join evaluation e on e.id ="
                        + " a.evaluation_id where a.trainer_id = ? order by a.claimed_at",
                trainer);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * A trainer that fails every start (5xx, budgeted, blames it) beside a healthy one: an evaluation it
     * failed goes to the healthy trainer next, not back to it — before, its free slot took the same
     * evaluation again at once and used up the attempts (QuarantineFaultIT saw two evaluations unevaluated).
     */
    @Test
    void anEvaluationATrainerFailedIsNotGivenToItAgainWhileAnotherTrainerIsActive() throws Exception {
        trainers.answers.put("http://failing", new TrainerClient.Start.ServerError("503 engine down"));
        trainers.answers.put("http://healthy", new TrainerClient.Start.Accepted());
        jdbc.update("update trainer set state = 'LOST'"); // only these two take this test's work
        UUID failing = heartbeats.register("http://failing", 2, UUID.randomUUID());
        UUID healthy = heartbeats.register("http://healthy", 8, UUID.randomUUID());
        startSearch("anti-affinity");
        await(
                "attempts on the healthy trainer of evaluations the failing one failed",
                () -> jdbc.queryForObject(
                                "select count(distinct a.evaluation_id) from attempt a where a.trainer_id = ? and"
                                        + " a.evaluation_id in (select evaluation_id from attempt where trainer_id = ?)",
                                Long.class,
                                healthy,
                                failing)
                        >= 1);
        assertThat(jdbc.queryForList(
                        "select evaluation_id from attempt where trainer_id = ? group by evaluation_id"
                                + " having count(*) > 1",
                        Long.class,
                        failing))
                .as("evaluations the failing trainer was given twice")
                .isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from evaluation where status = 'UNEVALUATED' and id in"
                                + " (select evaluation_id from attempt where trainer_id = ?)",
                        Long.class,
                        failing))
                .isZero();
    }

    @Test
    void aBusyTrainerBacksOffAndItsAttemptsUseNoBudget() throws Exception {
        UUID t = trainerWithSearch("http://busy", new TrainerClient.Start.Busy(Duration.ofSeconds(30)));
        await("a BUSY attempt", () -> attemptsOf(t).stream().anyMatch(a -> "BUSY".equals(a.get("outcome"))));
        assertThat(attemptsOf(t)).allSatisfy(a -> assertThat(a.get("failures")).isEqualTo(0));
        assertThat(jdbc.queryForObject(
                        "select backoff_until > ? from trainer where id = ?",
                        Boolean.class,
                        java.sql.Timestamp.from(clock.instant()),
                        t))
                .isTrue();
    }

    @Test
    void aRefusedTaskIsNotSentToThatTrainerAgainForAWhile() throws Exception {
        UUID t = trainerWithSearch("http://refusing", new TrainerClient.Start.Refused(false, "task.dataset"));
        await(
                "a TASK_REFUSED attempt",
                () -> attemptsOf(t).stream().anyMatch(a -> "TASK_REFUSED".equals(a.get("outcome"))));
        assertThat(jdbc.queryForObject("select count(*) from trainer_refusal where trainer_id = ?", Long.class, t))
                .isOne();
        assertThat(attemptsOf(t)).allSatisfy(a -> assertThat(a.get("failures")).isEqualTo(0));
    }

    @Test
    void aRefusedConnectionIsRequeuedAtOnceWithoutBudget() throws Exception {
        UUID t = trainerWithSearch("http://closed", new TrainerClient.Start.Unreachable("refused", false));
        await(
                "an UNREACHABLE attempt",
                () -> attemptsOf(t).stream().anyMatch(a -> "UNREACHABLE".equals(a.get("outcome"))));
        assertThat(attemptsOf(t)).allSatisfy(a -> assertThat(a.get("failures")).isEqualTo(0));
    }

    @Test
    void anAnswerThatMayHaveArrivedWaitsForTheAcceptDeadline() throws Exception {
        UUID t = trainerWithSearch("http://silent", new TrainerClient.Start.Unreachable("read timed out", true));
        await("a LEASED attempt", () -> attemptsOf(t).stream().anyMatch(a -> "LEASED".equals(a.get("state"))));
        Thread.sleep(200);
        assertThat(attemptsOf(t))
                .as("no answer is not a refusal")
                .allSatisfy(a -> assertThat(a.get("state")).isEqualTo("LEASED"));
        trainers.answers.put("http://silent", new TrainerClient.Start.Busy(Duration.ofHours(1))); // no re-sends
        clock.advance(Duration.ofSeconds(16)); // past the 15 s accept timeout
        sweeper.sweep();
        assertThat(attemptsOf(t))
                .filteredOn(a -> "LEASE_EXPIRED".equals(a.get("outcome")))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("state")).isEqualTo("EXPIRED"));
        assertThat(trainers.cancelled)
                .as("cancelled on the trainer, in case it got it")
                .isNotEmpty();
    }

    @Test
    void aDuplicateReportIsIgnoredAndALateOneIsKeptButChangesNothing() throws Exception {
        UUID t = trainerWithSearch("http://accepting", new TrainerClient.Start.Accepted());
        await(
                "two RUNNING attempts",
                () -> attemptsOf(t).stream()
                                .filter(a -> "RUNNING".equals(a.get("state")))
                                .count()
                        >= 2);
        List<Map<String, Object>> running = attemptsOf(t).stream()
                .filter(a -> "RUNNING".equals(a.get("state")))
                .toList();
        UUID first = (UUID) running.get(0).get("id");
        UUID second = (UUID) running.get(1).get("id");
        TrialResult ok = new TrialResult(TrialOutcome.SUCCEEDED, 0.8, 0.5, null, 0.6, List.of(), 1.0, 1.0, null);
        assertThat(attempts.report(first, ok)).hasValue(Attempt.Report.APPLIED);
        assertThat(attempts.report(first, ok)).hasValue(Attempt.Report.DUPLICATE);

        jdbc.update(
                "update trainer set last_heartbeat = ? where id = ?",
                java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(2))),
                t);
        clock.advance(Duration.ofHours(2)); // silent for longer than lost-after (1 h) once the guard allows
        sweeper.sweep();
        assertThat(jdbc.queryForObject("select state from attempt where id = ?", String.class, second))
                .isEqualTo("EXPIRED");
        assertThat(attempts.report(second, ok)).hasValue(Attempt.Report.LATE);
        assertThat(jdbc.queryForMap("select state, late_report is not null as late from attempt where id = ?", second))
                .containsEntry("state", "EXPIRED")
                .containsEntry("late", true);
        assertThat(attempts.report(UUID.randomUUID(), ok)).isEmpty();
    }
}
