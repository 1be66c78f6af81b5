package io.lossforge.orchestrator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.testing.RequiredTools;
import io.lossforge.orchestrator.ServiceProcess;
import io.lossforge.orchestrator.TestCredentials;
import io.lossforge.orchestrator.faults.FaultCluster;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: every PromQL expression of the Grafana dashboards (monitoring/grafana/dashboards), evaluated on
 * a real Prometheus (Debian's, required in CI through {@code LOSSFORGE_REQUIRE_TOOLS=prometheus}) that
 * scraped both services with the committed scrape jobs through a small search, must return at least one
 * series, every sample within the range committed for it in {@code monitoring/grafana/expected-series.tsv}.
 *
 * <p>The scenario makes each panel move: two real trainers (DJL, real Fashion-MNIST) train a search whose
 * seeds include a loss that diverges in float32, ce beside the ce baseline (cached), a p-free shift of ce
 * (gradient-equivalent) and a loss the rejection protocol removes; one trainer is killed while it trains
 * (LOST, its attempt expired and retried); a forged report is refused; the other is frozen (SIGSTOP) past
 * lost-after and resumed, so its report arrives late. Then that trainer stops and
 * a stub trainer that fails every trial takes a second search (retried, then unevaluated after the two
 * attempts allowed; the trainer quarantined). Each query's series and peak are printed as a table.
 */
@Tag("real-data")
class GrafanaDashboardsIT {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final Duration SCRAPE = Duration.ofSeconds(1);
    /** Grafana's lower bound for {@code $__rate_interval}: four scrape intervals. */
    private static final Duration RATE_INTERVAL = SCRAPE.multipliedBy(4);

    private static final String SEARCH = """
            {"name": "dashboards", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 3000,
              "validationSamples": 500, "epochs": 1, "batchSize": 64, "seed": 3, "optimizer": "adam"},
             "search": {"populationSize": 8, "generations": 5, "seed": 5,
              "seedLosses": ["ce", "-(y * log(p)) + 0.5", "square(sqrt(y) * max(y, p))", "exp(100 * (1 - p)) * y"]}}
            """;
    /** Three evaluations: the breaker quarantines a trainer after failures on three different ones. */
    private static final String FAILING_SEARCH = """
            {"name": "failing", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 512,
              "validationSamples": 128, "epochs": 1, "batchSize": 64, "seed": 4},
             "search": {"populationSize": 3, "generations": 1, "seed": 1, "seedLosses": ["ce", "ngl", "focal"],
              "baselines": []}}
            """;

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("dashboards");

    @Test
    @Timeout(600)
    void everyDashboardQueryReturnsSeriesWithinItsCommittedRange() throws Exception {
        RequiredTools.assumeOrFail(
                "prometheus",
                Files.isExecutable(Path.of(PrometheusServer.BINARY)),
                PrometheusServer.BINARY + " is missing (Debian's prometheus package)");
        Path repository = Path.of(System.getProperty("lossforge.repository", "../.."));
        DashboardQueries dashboards = new DashboardQueries(repository);
        Path dataRoot =
                Path.of(System.getProperty("lossforge.data", System.getProperty("user.home") + "/.lossforge/data"));

        cluster.startDatabase();
        // Two attempts per evaluation: the failing trainer's evaluations end UNEVALUATED after a retry.
        ServiceProcess orchestrator = cluster.orchestrator("orch", "--lossforge.orchestrator.dispatch.max-attempts=2");
        List<ServiceProcess> real = cluster.realTrainers(orchestrator, dataRoot, "R", "K");
        ServiceProcess survivor = real.get(0);
        ServiceProcess victim = real.get(1);
        Path directory = Files.createTempDirectory("prometheus-");
        Instant start = Instant.now();
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put("lossforge-orchestrator", List.of(hostPort(orchestrator)));
        targets.put("lossforge-trainer", new ArrayList<>(List.of(hostPort(survivor), hostPort(victim))));
        try (PrometheusServer prometheus = new PrometheusServer(
                        directory,
                        Files.readString(repository.resolve("monitoring/prometheus.yml")),
                        TestCredentials.SCRAPE_TOKEN,
                        SCRAPE)
                .start(targets)) {
            prometheus.awaitScraped(3, Duration.ofSeconds(30));
            String search = create(orchestrator, SEARCH);
            UUID victimId = UUID.fromString(cluster.trainerId(orchestrator, victim));
            cluster.await(
                    "an attempt RUNNING on K",
                    () -> cluster.count(
                            "select count(*) from attempt where trainer_id = ? and state = 'RUNNING'", victimId),
                    n -> n > 0,
                    Duration.ofSeconds(60));
            victim.kill();
            forgeAReport(orchestrator);
            cluster.await(
                    "K LOST",
                    () -> cluster.trainerView(orchestrator, victim)
                            .map(v -> v.path("state").asString())
                            .orElse(""),
                    "LOST"::equals,
                    Duration.ofSeconds(20));
            freezeUntilLate(orchestrator, survivor);
            JsonNode done = cluster.awaitEnded(orchestrator, search, Duration.ofSeconds(300));
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

            survivor.signal("TERM");
            survivor.awaitExit(Duration.ofSeconds(30));
            ServiceProcess failing = cluster.stubTrainer(
                    orchestrator,
                    FaultCluster.Stub.named("BAD")
                            .with(
                                    "--lossforge.trainer.stub.failure=ENGINE_ERROR",
                                    "--lossforge.trainer.stub.failure-rate=1.0"));
            targets.get("lossforge-trainer").add(hostPort(failing));
            prometheus.retarget(targets);
            prometheus.awaitScraped(2, Duration.ofSeconds(30));
            String second = create(orchestrator, FAILING_SEARCH);
            cluster.awaitEnded(orchestrator, second, Duration.ofSeconds(120));
            // Rates need samples after the last event, and the per-search gauges (refreshed every 5 s) must
            // have dropped the ended searches: 10 s more.
            Thread.sleep(Duration.ofSeconds(10).toMillis());
            Instant end = Instant.now();
            // Bounded labels: with no search running, no series carries a search label any more.
            assertThat(prometheus.queryRange("{search!=\"\"}", end, end, SCRAPE))
                    .as("series with a search label after every search ended")
                    .isEmpty();

            Map<String, List<String>> values = new LinkedHashMap<>();
            for (DashboardQueries.Variable variable : dashboards.variables) {
                List<String> listed = prometheus.labelValues(variable.label(), variable.selector(), start, end);
                assertThat(listed)
                        .as(
                                "values of variable %s (%s): targets\n%s",
                                variable.name(), variable.selector(), prometheus.targets())
                        .isNotEmpty();
                values.put(variable.name(), listed);
            }
            List<String> failures = new ArrayList<>();
            StringBuilder table = new StringBuilder(
                    "| dashboard | panel | query | series | peak | range |\n|---|---|---|---|---|---|\n");
            for (DashboardQueries.Query query : dashboards.queries) {
                String expr = DashboardQueries.substitute(query.expr(), values, RATE_INTERVAL);
                JsonNode result = prometheus.queryRange(expr, start, end, SCRAPE);
                SeriesCheck check = SeriesCheck.of(result, query.expected());
                table.append("| %s | %d %s | %s | %s | %s | [%s, %s] ≥ %s |\n"
                        .formatted(
                                query.dashboard(),
                                query.panel(),
                                query.title(),
                                query.refId(),
                                check.labels(),
                                check.peakText(),
                                query.expected().min(),
                                query.expected().max(),
                                query.expected().peak()));
                check.problem().ifPresent(problem -> failures.add(query.key() + " (" + expr + "): " + problem));
            }
            System.out.println("DASHBOARD QUERIES\n" + table);
            Files.writeString(Path.of("target", "grafana-queries.md"), table.toString());
            assertThat(failures)
                    .as("queries outside their committed range; targets:\n%s", prometheus.targets())
                    .isEmpty();
        }
    }

    private String create(ServiceProcess orchestrator, String request) throws Exception {
        HttpResponse<String> created = FaultCluster.post(orchestrator.url() + "/api/v1/searches", request);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asString();
    }

    /**
     * SIGSTOP of a trainer while it trains, for longer than lost-after, then SIGCONT: its attempt has expired
     * meanwhile, so the report it then sends is stored as late. A trial may end between the check and the
     * signal (they take about a second), so this tries up to three times.
     */
    private void freezeUntilLate(ServiceProcess orchestrator, ServiceProcess trainer) throws Exception {
        UUID id = UUID.fromString(cluster.trainerId(orchestrator, trainer));
        for (int i = 0; i < 3; i++) {
            cluster.await(
                    "an attempt RUNNING on " + trainer.name(),
                    () -> cluster.count("select count(*) from attempt where trainer_id = ? and state = 'RUNNING'", id),
                    n -> n > 0,
                    Duration.ofSeconds(60));
            trainer.signal("STOP");
            Thread.sleep(FaultCluster.LOST_AFTER.plusSeconds(2).toMillis());
            trainer.signal("CONT");
            try {
                cluster.await(
                        "a late report from " + trainer.name(),
                        () -> cluster.count(
                                "select count(*) from attempt where trainer_id = ? and late_report is not null", id),
                        n -> n > 0,
                        Duration.ofSeconds(10));
                return;
            } catch (AssertionError trialEndedBeforeTheSignal) {
                System.out.println(
                        "no late report after freeze " + (i + 1) + ": " + trialEndedBeforeTheSignal.getMessage());
            }
        }
        throw new AssertionError("three freezes of " + trainer.name() + " produced no late report");
    }

    /** A result for a live attempt from a process it was not leased to: refused (403) and counted. */
    private void forgeAReport(ServiceProcess orchestrator) throws Exception {
        List<Map<String, Object>> live = cluster.rows("select id from attempt where state in ('LEASED', 'RUNNING')");
        if (live.isEmpty()) {
            return;
        }
        HttpResponse<String> refused = FaultCluster.post(
                orchestrator.internalUrl() + "/internal/v1/trials/"
                        + live.getFirst().get("id") + "/result",
                """
                {"instanceId": "%s", "result": {"outcome": "SUCCEEDED", "validationAccuracy": 0.99,
                 "validationLoss": 0.5, "epochs": [], "wallSeconds": 1.0}}""".formatted(UUID.randomUUID()));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    }

    private static String hostPort(ServiceProcess process) {
        URI url = URI.create(process.url());
        return url.getHost() + ":" + url.getPort();
    }
}
