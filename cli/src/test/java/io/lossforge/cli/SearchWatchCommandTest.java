package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code search watch} polling a fake orchestrator whose answers advance one step per poll. Tests run
 * without a console, so the display prints plain lines; the terminal redraw is tested on the display.
 */
class SearchWatchCommandTest {

    private static final String SEARCH = "/api/v1/searches/" + Canned.ID;
    private static final String GENERATIONS = SEARCH + "/generations";
    private static final String TRAINERS = "/api/v1/trainers";
    /** Canned.TRAINERS as the display words it: busy/slots, the lost trainer left out. */
    private static final String IN_FLIGHT = "in flight: http://trainer-a:8081 1/4, http://10.0.0.17:18081 0/1";
    /** Ten minutes after Canned.SEARCH's startedAt. */
    private static final Instant TEN_MINUTES_IN = Instant.parse("2025-06-01T09:40:01.5Z");

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Queued, generation 0 twice unchanged, half done, generation 1, succeeded: six polls. */
    private void succeedingSearch() {
        String gen0 = Canned.generation(0, 0.8125, 0.75, 0.95);
        String gen1 = Canned.generation(1, 0.84375, 0.78125, 0.9);
        server.json("GET", SEARCH, Canned.search("QUEUED", 0, 2, 0, 0, null, null))
                .json("GET", SEARCH, Canned.search("RUNNING", 0, 2, 23, 23, null, null))
                .json("GET", SEARCH, Canned.search("RUNNING", 0, 2, 23, 23, null, null))
                .json("GET", SEARCH, Canned.search("RUNNING", 0, 2, 23, 10, 0.8125, null))
                .json("GET", SEARCH, Canned.search("RUNNING", 1, 2, 43, 20, 0.8125, null))
                .json("GET", SEARCH, Canned.search("SUCCEEDED", 1, 2, 43, 0, 0.84375, null));
        server.json("GET", GENERATIONS, "[]")
                .json("GET", GENERATIONS, "[]")
                .json("GET", GENERATIONS, "[]")
                .json("GET", GENERATIONS, "[]")
                .json("GET", GENERATIONS, "[" + gen0 + "]")
                .json("GET", GENERATIONS, "[" + gen0 + "," + gen1 + "]");
        server.json("GET", TRAINERS, Canned.TRAINERS);
    }

    /**
     * The watch's output with the figures of the wall clock (elapsed since the canned start, months ago, and
     * the ETA derived from it) replaced by placeholders; "ETA unknown" stays as it is. The figures themselves
     * are checked on the display with a fixed clock.
     */
    private static String withoutClockFigures(String out) {
        return out.replaceAll("elapsed \\d+h\\d\\dm", "elapsed <elapsed>")
                .replaceAll("ETA (\\d+h\\d\\dm|\\d+m\\d\\ds|\\d+s)", "ETA <eta>");
    }

    private static JsonNode trainers() {
        return Json.MAPPER.readTree(Canned.TRAINERS);
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void followsTheSearchUntilItSucceedsAndExitsZero() {
        succeedingSearch();

        CliRun run = CliRun.of(server.args("search", "watch", Canned.ID, "--interval", "5ms"));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("\r");
        // The unchanged third poll prints nothing, though the clock moved between them.
        // Nothing finished at 0/23: no ETA figure yet; then one from the candidates finished.
        assertThat(withoutClockFigures(run.out()).lines())
                .containsExactly(
                        "search " + Canned.ID + " (fm-quick): fashion-mnist / mlp, 2 generations of 20 candidates, "
                                + "baselines ce, ngl, focal",
                        "queued: waiting for the orchestrator to start the search",
                        "generation 0 [--------------------] 0/23  elapsed <elapsed>  ETA unknown  best -  evaluated 0  "
                                + "screened 0  cached 0  diverged 0  " + IN_FLIGHT,
                        "generation 0 [###########---------] 13/23  elapsed <elapsed>  ETA <eta>  best 0.8125  "
                                + "evaluated 13  screened 0  cached 0  diverged 0  " + IN_FLIGHT,
                        "generation 0: best 0.8125  median 0.7500  diversity 0.95  (20 candidates, 18 trained)",
                        "generation 1 [--------------------] 0/20  elapsed <elapsed>  ETA <eta>  best 0.8125  "
                                + "evaluated 23  screened 0  cached 0  diverged 0  " + IN_FLIGHT,
                        "generation 1: best 0.8438  median 0.7813  diversity 0.90  (20 candidates, 18 trained)",
                        "search SUCCEEDED: best 0.8438 in generation 1, hash 9f8e7d6c5b4a3210: exp(2.4092 - p * (1 + y)) - cos(p)");
        assertThat(server.requests("GET", SEARCH)).hasSize(6);
        assertThat(server.requests("GET", GENERATIONS)).hasSize(6);
        assertThat(server.requests("GET", TRAINERS))
                .as("asked only while the search runs: not when queued nor once it ended")
                .hasSize(4);
    }

    @Test
    void exitsFourWhenTheSearchIsCancelled() {
        server.json("GET", SEARCH, Canned.search("RUNNING", 0, 2, 23, 23, null, null))
                .json("GET", SEARCH, Canned.search("CANCELLED", 0, 2, 23, 5, 0.8125, "cancelled by request"));
        server.json("GET", GENERATIONS, "[]");
        server.json("GET", TRAINERS, Canned.TRAINERS);

        CliRun run = CliRun.of(server.args("search", "watch", Canned.ID, "--interval", "5ms"));

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines())
                .last()
                .isEqualTo("search CANCELLED (cancelled by request): best so far 0.8125 "
                        + "in generation 1, hash 9f8e7d6c5b4a3210: exp(2.4092 - p * (1 + y)) - cos(p)");
    }

    @Test
    void exitsFourWhenTheSearchFailed() {
        server.json("GET", SEARCH, Canned.search("FAILED", 0, 2, 23, 23, null, "the engine could not advance"));
        server.json("GET", GENERATIONS, "[]");

        CliRun run = CliRun.of(server.args("search", "watch", Canned.ID, "--interval", "5ms"));

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out().lines())
                .last()
                .isEqualTo("search FAILED (the engine could not advance): no candidate was trained successfully");
    }

    @Test
    void jsonPrintsEachChangedStateOnce() {
        succeedingSearch();

        CliRun run = CliRun.of(server.args("search", "watch", Canned.ID, "--interval", "5ms", "--json"));

        assertThat(run.exitCode()).isZero();
        // Six polls, one of them unchanged; generations are not needed for JSON.
        assertThat(run.out().lines()).hasSize(5);
        assertThat(Json.MAPPER
                        .readTree(run.out().lines().toList().getLast())
                        .get("state")
                        .asString())
                .isEqualTo("SUCCEEDED");
        assertThat(server.requests("GET", GENERATIONS)).isEmpty();
    }

    @Test
    void startWithWatchFollowsTheNewSearch() {
        server.respond(
                "POST", "/api/v1/searches", 201, "application/json", Canned.search("QUEUED", 0, 2, 0, 0, null, null));
        server.json("GET", SEARCH, Canned.search("CANCELLED", 0, 2, 23, 5, null, "cancelled by request"));
        server.json("GET", GENERATIONS, "[]");

        CliRun run = CliRun.of(server.args(
                "search", "start", "--dataset", "fashion-mnist", "--model", "mlp", "--watch", "--interval", "5ms"));

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out().lines()).startsWith("id:    " + Canned.ID, "state: QUEUED");
        assertThat(run.out().lines())
                .last()
                .isEqualTo("search CANCELLED (cancelled by request): no candidate was trained successfully");
    }

    @Test
    void badIntervalIsAUsageError() {
        CliRun run = CliRun.of(server.args("search", "watch", Canned.ID, "--interval", "soon"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("'soon' is not a duration such as 500ms, 2s or 1m");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void intervalsAcceptUnitsAndIsoDurations() {
        SearchWatch.IntervalConverter converter = new SearchWatch.IntervalConverter();

        assertThat(converter.convert("250ms").toMillis()).isEqualTo(250);
        assertThat(converter.convert("1.5s").toMillis()).isEqualTo(1500);
        assertThat(converter.convert("2m").toMillis()).isEqualTo(120_000);
        assertThat(converter.convert("3").toMillis()).isEqualTo(3000);
        assertThat(converter.convert("PT0.1S").toMillis()).isEqualTo(100);
    }

    @Test
    void onATerminalTheProgressLineIsRedrawnInPlace() {
        StringWriter text = new StringWriter();
        WatchDisplay display =
                new WatchDisplay(new PrintWriter(text), true, 250, Clock.fixed(TEN_MINUTES_IN, ZoneOffset.UTC));

        display.update(
                Json.MAPPER.readTree(Canned.search("RUNNING", 0, 2, 23, 23, null, null)), Json.array(), trainers());
        display.update(
                Json.MAPPER.readTree(Canned.search("RUNNING", 0, 2, 23, 3, 0.8125, null)), Json.array(), trainers());
        display.update(
                Json.MAPPER.readTree(Canned.search("RUNNING", 1, 2, 43, 20, 0.8125, null)),
                Json.MAPPER.readTree("[" + Canned.generation(0, 0.8125, 0.75, 0.95) + "]"),
                trainers());

        // 10 minutes for 20/23 of generation 0 of 2: 13 more; for generation 0 of 2: 10 more.
        String first = "generation 0 [--------------------] 0/23  elapsed 10m00s  ETA unknown  best -  evaluated 0  "
                + "screened 0  cached 0  diverged 0  " + IN_FLIGHT;
        String second = "generation 0 [#################---] 20/23  elapsed 10m00s  ETA 13m00s  best 0.8125  "
                + "evaluated 20  screened 0  cached 0  diverged 0  " + IN_FLIGHT;
        String third = "generation 1 [--------------------] 0/20  elapsed 10m00s  ETA 10m00s  best 0.8125  "
                + "evaluated 23  screened 0  cached 0  diverged 0  " + IN_FLIGHT;
        assertThat(text.toString())
                .endsWith("\n"
                        + "\r" + first
                        + "\r" + second
                        // the finished generation's line wipes the progress line, which is then redrawn below it
                        + "\r" + " ".repeat(second.length()) + "\r"
                        + "generation 0: best 0.8125  median 0.7500  diversity 0.95  (20 candidates, 18 trained)\n"
                        + "\r" + third);
    }

    @Test
    void onANarrowTerminalTheProgressLineGetsAShorterBarAndIsCutSoThatItCannotWrap() {
        StringWriter text = new StringWriter();
        WatchDisplay display =
                new WatchDisplay(new PrintWriter(text), true, 80, Clock.fixed(TEN_MINUTES_IN, ZoneOffset.UTC));

        display.update(
                Json.MAPPER.readTree(Canned.search("RUNNING", 0, 2, 23, 12, null, null)), Json.array(), trainers());

        // The times come right after the bar, so that a narrow terminal keeps them.
        assertThat(text.toString()).endsWith("\rgeneration 0 [####------] 11/23  elapsed 10m00s  ETA 31m49s  best -");
    }

    @Test
    void offATerminalOnlyTheClockMovingPrintsNothingButOnATerminalTheTimesTick() {
        String search = Canned.search("RUNNING", 0, 2, 23, 12, null, null);
        StringWriter log = new StringWriter();
        MovingClock logClock = new MovingClock(TEN_MINUTES_IN);
        WatchDisplay logged = new WatchDisplay(new PrintWriter(log), false, 0, logClock);
        StringWriter screen = new StringWriter();
        MovingClock screenClock = new MovingClock(TEN_MINUTES_IN);
        WatchDisplay shown = new WatchDisplay(new PrintWriter(screen), true, 250, screenClock);

        for (int poll = 0; poll < 3; poll++) {
            logged.update(Json.MAPPER.readTree(search), Json.array(), trainers());
            shown.update(Json.MAPPER.readTree(search), Json.array(), trainers());
            logClock.advance(Duration.ofSeconds(1));
            screenClock.advance(Duration.ofSeconds(1));
        }

        assertThat(log.toString().lines().filter(l -> l.startsWith("generation 0 [")))
                .containsExactly("generation 0 [#########-----------] 11/23  elapsed 10m00s  ETA 31m49s  best -  "
                        + "evaluated 11  screened 0  cached 0  diverged 0  " + IN_FLIGHT);
        assertThat(screen.toString()).contains("elapsed 10m00s", "elapsed 10m01s", "elapsed 10m02s");
    }

    @Test
    void aSearchWaitingForATrainerSaysWhyAndGivesNoEta() {
        StringWriter text = new StringWriter();
        WatchDisplay display =
                new WatchDisplay(new PrintWriter(text), false, 0, Clock.fixed(TEN_MINUTES_IN, ZoneOffset.UTC));

        display.update(
                Json.MAPPER.readTree(Canned.search("RUNNING", 0, 2, 23, 12, null, null)
                        .replace("\"blockedReason\":null", "\"blockedReason\":\"no trainer can take trials: 2 lost\"")),
                Json.array(),
                Json.array());

        assertThat(text.toString())
                .contains("generation 0 [#########-----------] 11/23  elapsed 10m00s  ETA unknown  "
                        + "waiting: no trainer can take trials: 2 lost  best -  evaluated 11  screened 0  cached 0  "
                        + "diverged 0  in flight: no trainer\n");
    }

    @Test
    void aSearchStartedLongAgoCountsItsElapsedTimeFromItsStartNotItsCreation() {
        StringWriter text = new StringWriter();
        // Canned.SEARCH was created 1.4 s before it started; two hours after its start, nothing finished.
        WatchDisplay display = new WatchDisplay(
                new PrintWriter(text),
                false,
                0,
                Clock.fixed(TEN_MINUTES_IN.plus(Duration.ofMinutes(110)), ZoneOffset.UTC));

        display.update(
                Json.MAPPER.readTree(Canned.search("RUNNING", 0, 2, 23, 23, null, null)), Json.array(), trainers());

        assertThat(text.toString()).contains("  elapsed 2h00m  ETA unknown  ");
    }
}
