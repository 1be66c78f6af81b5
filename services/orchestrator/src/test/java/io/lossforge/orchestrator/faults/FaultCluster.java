package io.lossforge.orchestrator.faults;

import io.lossforge.orchestrator.ServiceProcess;
import io.lossforge.orchestrator.TestCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small LossForge cluster of real processes for the fault tests (design §6): a PostgreSQL 17 run by
 * zonky <em>inside the test JVM</em> (so the test can stop and restart it, and query it directly), one or
 * two orchestrators started from the orchestrator jar on that external database, and stub trainers
 * (the trainer jar with profile {@code stub}: synthetic, deterministic results, any dataset).
 *
 * <p>Every process runs with the shared test timings of design §6 (heartbeat 0.5 s, LOST after 3 s,
 * stall 3 s, accept timeout 2 s, 4 attempts per evaluation, quarantine after 3 failures for 5 s); the
 * dispatch and engine loops keep their production settings (event-driven, 1 s safety net). Security is on,
 * as in production: each orchestrator has its own internal port, the test credentials
 * ({@link TestCredentials}; secrets by environment), and its trainers are configured with its internal
 * URL; the REST helpers present the credential each call's usual caller has. A property an orchestrator
 * does not know is ignored by Spring, so the harness also runs a round-1 orchestrator
 * ({@link FaultClusterSmokeIT} passes against both).
 *
 * <p>Use it as a JUnit extension ({@code @RegisterExtension final FaultCluster cluster = new
 * FaultCluster("name")}): a failing test then prints the cluster's state and every service's log
 * tail, and the processes and the database are stopped after each test. It is also
 * {@link AutoCloseable} for use outside JUnit.
 */
public final class FaultCluster implements AutoCloseable, AfterEachCallback, TestExecutionExceptionHandler {

    /** The timings every orchestrator of a fault test runs with (design §6, "Shared"). */
    public static final Duration HEARTBEAT = Duration.ofMillis(500);

    public static final Duration LOST_AFTER = Duration.ofSeconds(3);
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(2);
    public static final int MAX_ATTEMPTS = 4;
    public static final int QUARANTINE_FAILURES = 3;
    public static final Duration QUARANTINE = Duration.ofSeconds(5);

    /** The database the orchestrators of a test use unless told otherwise. */
    public static final String DATABASE = "lossforge";

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<ServiceProcess> orchestrators = new ArrayList<>();
    private Path root;
    private EmbeddedPostgres postgres;
    private int databasePort;
    private boolean closed;
    /** Set when the test failed: the data directory is then kept for a post-mortem. */
    private boolean failed;

    public FaultCluster(String name) {
        this.name = name;
    }

    private Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("fault-" + name + "-");
        }
        return root;
    }

    // ---------------------------------------------------------------------------------------------
    // PostgreSQL in the test JVM

    /**
     * Starts PostgreSQL on a fixed free port with its data in a temporary directory, and creates
     * {@link #DATABASE}. Durability settings are production's (fsync, synchronous commit): an outage
     * test must not lose committed rows to zonky's test defaults.
     */
    public FaultCluster startDatabase() throws IOException, SQLException {
        databasePort = ServiceProcess.freePort();
        startPostgres();
        createDatabase(DATABASE);
        return this;
    }

    private void startPostgres() throws IOException {
        Path data = root().resolve("postgres");
        Files.createDirectories(data);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                // Kept on close(), so that restartDatabase() opens the same cluster with its rows.
                .setCleanDataDirectory(false)
                .setPort(databasePort)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                // The server's own log goes to a file (shown by describe()), not into the test report.
                .setOutputRedirector(
                        ProcessBuilder.Redirect.appendTo(postgresLog().toFile()))
                .setErrorRedirector(
                        ProcessBuilder.Redirect.appendTo(postgresLog().toFile()))
                .start();
    }

    private Path postgresLog() throws IOException {
        return root().resolve("postgres.log");
    }

    /**
     * Stops PostgreSQL (zonky runs {@code pg_ctl stop -m fast}: open connections are cut, in-flight
     * transactions roll back), the data stays. The orchestrators see a database outage.
     */
    public void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Starts PostgreSQL again on the same data directory and the same port (the JDBC URLs stay valid). */
    public void restartDatabase() throws IOException {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is running");
        }
        startPostgres();
    }

    public boolean databaseRunning() {
        return postgres != null;
    }

    public void createDatabase(String database) throws SQLException {
        try (Connection connection = connect("postgres");
                var statement = connection.createStatement()) {
            statement.execute("create database " + database);
        }
    }

    public int databasePort() {
        return databasePort;
    }

    public String jdbcUrl(String database) {
        // Short connect timeout: an orchestrator notices an outage in seconds, not minutes.
        return "jdbc:postgresql://127.0.0.1:" + databasePort + "/" + database + "?connectTimeout=2&socketTimeout=30";
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    // ---------------------------------------------------------------------------------------------
    // JDBC helpers on the test's own connection (schema: design §2)

    /** The single number a {@code select count(*) …} (or any one-value query) returns, on {@link #DATABASE}. */
    public long count(String sql, Object... args) throws SQLException {
        return countIn(DATABASE, sql, args);
    }

    public long countIn(String database, String sql, Object... args) throws SQLException {
        List<Map<String, Object>> rows = rowsIn(database, sql, args);
        if (rows.size() != 1 || rows.getFirst().size() != 1) {
            throw new IllegalArgumentException("not a single value: " + sql + " gave " + rows);
        }
        Object value = rows.getFirst().values().iterator().next();
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Every row of the query as column label → value (in column order), on {@link #DATABASE}. */
    public List<Map<String, Object>> rows(String sql, Object... args) throws SQLException {
        return rowsIn(DATABASE, sql, args);
    }

    public List<Map<String, Object>> rowsIn(String database, String sql, Object... args) throws SQLException {
        try (Connection connection = connect(database);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Processes

    /** The arguments that make an orchestrator use {@code database} on the test's PostgreSQL and the test timings. */
    public List<String> orchestratorArguments(String process, String database) throws IOException {
        return List.of(
                "--lossforge.orchestrator.home=" + root().resolve(process),
                "--lossforge.orchestrator.database.embedded=false",
                "--spring.datasource.url=" + jdbcUrl(database),
                "--spring.datasource.username=postgres",
                "--lossforge.orchestrator.liveness.heartbeat=" + HEARTBEAT.toMillis() + "ms",
                "--lossforge.orchestrator.liveness.lost-after=" + LOST_AFTER.toSeconds() + "s",
                "--lossforge.orchestrator.liveness.stall-timeout=" + STALL_TIMEOUT.toSeconds() + "s",
                "--lossforge.orchestrator.liveness.accept-timeout=" + ACCEPT_TIMEOUT.toSeconds() + "s",
                "--lossforge.orchestrator.dispatch.max-attempts=" + MAX_ATTEMPTS,
                // attempt.claimed_by names the process (the replicas test tells them apart by it).
                "--lossforge.orchestrator.dispatch.replica-id=" + process,
                "--lossforge.orchestrator.quarantine.failures=" + QUARANTINE_FAILURES,
                "--lossforge.orchestrator.quarantine.duration=" + QUARANTINE.toSeconds() + "s",
                // /actuator/health/readiness and /liveness outside Kubernetes too (test 4 reads both).
                "--management.endpoint.health.probes.enabled=true",
                "--management.endpoint.health.show-details=always");
    }

    /** Starts an orchestrator on {@link #DATABASE} and waits until it is healthy. */
    public ServiceProcess orchestrator(String process, String... extraArguments) throws Exception {
        return orchestratorOn(process, DATABASE, extraArguments);
    }

    public ServiceProcess orchestratorOn(String process, String database, String... extraArguments) throws Exception {
        ServiceProcess orchestrator = launchOrchestrator(process, database, extraArguments);
        orchestrator.awaitHealthy(Duration.ofSeconds(90));
        return orchestrator;
    }

    /**
     * Starts replicas of the orchestrator on one database, in parallel (each JVM takes seconds), and waits
     * until all are healthy. Flyway's lock lets one of them migrate; the others wait for it.
     */
    public List<ServiceProcess> replicas(String database, List<String> extraArguments, String... processNames)
            throws Exception {
        // Each replica has its own internal port; a trainer reports to the one replica it is configured with
        // (stubTrainers(replica, ...)), whichever replica leased the attempt: the replicas share the database,
        // so a result reported to one finishes an attempt the other claimed.
        List<ServiceProcess> replicas = new ArrayList<>();
        for (String process : processNames) {
            replicas.add(launchOrchestrator(process, database, extraArguments.toArray(String[]::new)));
        }
        for (ServiceProcess replica : replicas) {
            replica.awaitHealthy(Duration.ofSeconds(90));
        }
        return replicas;
    }

    private ServiceProcess launchOrchestrator(String process, String database, String... extraArguments)
            throws IOException {
        List<String> arguments = new ArrayList<>(orchestratorArguments(process, database));
        // An extra argument replaces the default of the same key: Spring joins a repeated command-line
        // option into "a,b", which no Duration parses.
        for (String extra : extraArguments) {
            String key = extra.substring(0, extra.indexOf('=') + 1);
            arguments.removeIf(a -> a.startsWith(key));
            arguments.add(extra);
        }
        ServiceProcess orchestrator = ServiceProcess.orchestrator(
                name + "-" + process,
                jar("lossforge.orchestrator.jar"),
                ServiceProcess.freePort(),
                ServiceProcess.freePort(),
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                arguments);
        processes.add(orchestrator);
        orchestrators.add(orchestrator);
        return orchestrator;
    }

    /**
     * A stub trainer's settings (design §5): {@code slots} trials at a time, each taking {@code delay} in
     * {@code steps} progress steps.
     */
    public record Stub(String name, int slots, Duration delay, int steps, List<String> extraArguments) {

        /** 2 slots, 1.5 s trials in 15 steps: the design §6 default. */
        public static Stub named(String name) {
            return new Stub(name, 2, Duration.ofMillis(1500), 15, List.of());
        }

        public Stub slots(int slots) {
            return new Stub(name, slots, delay, steps, extraArguments);
        }

        public Stub trials(Duration delay, int steps) {
            return new Stub(name, slots, delay, steps, extraArguments);
        }

        /** More trainer arguments, e.g. {@code --lossforge.trainer.stub.failure=ENGINE_ERROR}. */
        public Stub with(String... arguments) {
            List<String> all = new ArrayList<>(extraArguments);
            all.addAll(List.of(arguments));
            return new Stub(name, slots, delay, steps, all);
        }
    }

    /**
     * Starts the stub trainers (in parallel: each JVM takes seconds to start) registering with {@code
     * orchestrator}, and waits until each is healthy and listed by {@code GET /api/v1/trainers}.
     */
    public List<ServiceProcess> stubTrainers(ServiceProcess orchestrator, Stub... stubs) throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        for (Stub stub : stubs) {
            started.add(launchStub(orchestrator, stub));
        }
        awaitReady(orchestrator, started);
        return started;
    }

    /**
     * Starts real trainers (DJL training on the npm datasets under {@code dataRoot}, one slot each, the
     * test's heartbeat) registering with {@code orchestrator}, in parallel, and waits until each is healthy,
     * registered and warmed up as {@link #stubTrainers} does.
     */
    public List<ServiceProcess> realTrainers(ServiceProcess orchestrator, Path dataRoot, String... names)
            throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        for (String trainerName : names) {
            started.add(launchTrainer(
                    orchestrator, trainerName, 1, dataRoot, List.of("-Xmx768m", "-XX:+UseSerialGC"), List.of()));
        }
        awaitReady(orchestrator, started);
        return started;
    }

    private void awaitReady(ServiceProcess orchestrator, List<ServiceProcess> started) throws Exception {
        for (ServiceProcess trainer : started) {
            trainer.awaitHealthy(Duration.ofSeconds(90));
        }
        for (ServiceProcess trainer : started) {
            await(
                    trainer.name() + " registered",
                    () -> trainerView(orchestrator, trainer),
                    Optional::isPresent,
                    Duration.ofSeconds(30));
        }
        warmUp(started);
    }

    /**
     * One trial on each fresh trainer before the test's search: the first request to a just-started JVM
     * takes seconds on a loaded machine (class loading, interpreted code), longer than the 2 s accept
     * timeout, so the first attempts of a search would expire for a reason no fault test is about (seen:
     * 2 s from send to start). The trial is unknown to the orchestrator, so its next heartbeat cancels it;
     * it counts in the trainer's {@code lossforge_trainer_trials_total}.
     */
    private void warmUp(List<ServiceProcess> trainers) throws Exception {
        List<String> ids = new ArrayList<>();
        for (ServiceProcess trainer : trainers) {
            String id = java.util.UUID.randomUUID().toString();
            HttpResponse<String> accepted = post(trainer.url() + "/api/v1/trials", """
                    {"trialId": "%s", "expression": "ce", "task": {"dataset": "fashion-mnist", "model": "mlp",
                     "trainSamples": 64, "validationSamples": 64, "epochs": 1, "batchSize": 64, "seed": 1}}
                    """.formatted(id));
            if (accepted.statusCode() == 429) {
                // Work was waiting (e.g. a search resumed from a migrated database) and the orchestrator
                // filled the slots first: the trainer is already receiving trials, which is what warming up
                // is for.
                ids.add(null);
                continue;
            }
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("warm-up trial on " + trainer.name() + " answered "
                        + accepted.statusCode() + ": " + accepted.body());
            }
            ids.add(id);
        }
        for (int i = 0; i < trainers.size(); i++) {
            ServiceProcess trainer = trainers.get(i);
            String id = ids.get(i);
            if (id == null) {
                continue;
            }
            // A trainer forgets a trial only once it has ended and a heartbeat's answer acknowledged it: on a
            // loaded machine that can happen between two polls, so "unknown" (404) counts as ended too.
            await(
                    "warm-up trial on " + trainer.name() + " ended",
                    () -> {
                        HttpResponse<String> trial = get(trainer.url() + "/api/v1/trials/" + id);
                        if (trial.statusCode() == 404) {
                            return "ENDED AND FORGOTTEN";
                        }
                        if (trial.statusCode() != 200) {
                            throw new IllegalStateException(
                                    "GET trial answered " + trial.statusCode() + ": " + trial.body());
                        }
                        return JSON.readTree(trial.body()).path("state").asString();
                    },
                    state -> !"RUNNING".equals(state),
                    Duration.ofSeconds(30));
        }
    }

    public ServiceProcess stubTrainer(ServiceProcess orchestrator, Stub stub) throws Exception {
        return stubTrainers(orchestrator, stub).getFirst();
    }

    /** A process a test started itself: stopped with the cluster, its log tail shown when the test fails. */
    public ServiceProcess track(ServiceProcess process) {
        processes.add(process);
        return process;
    }

    private ServiceProcess launchStub(ServiceProcess orchestrator, Stub stub) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=stub",
                "--lossforge.trainer.stub.delay=" + stub.delay().toMillis() + "ms",
                "--lossforge.trainer.stub.steps=" + stub.steps()));
        arguments.addAll(stub.extraArguments());
        return launchTrainer(
                orchestrator,
                stub.name(),
                stub.slots(),
                root().resolve("data-" + stub.name()),
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                arguments);
    }

    /**
     * A trainer process of the cluster (stub or real): its registration, heartbeats and reports go to the
     * orchestrator's internal channel only, with the test's heartbeat; {@code extra} comes last.
     */
    private ServiceProcess launchTrainer(
            ServiceProcess orchestrator,
            String trainerName,
            int slots,
            Path dataRoot,
            List<String> jvmFlags,
            List<String> extra)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--lossforge.trainer.orchestrator-url=" + orchestrator.internalUrl(),
                "--lossforge.trainer.heartbeat=" + HEARTBEAT.toMillis() + "ms",
                "--lossforge.trainer.slots=" + slots,
                "--lossforge.trainer.data-root=" + dataRoot,
                "--lossforge.trainer.callback.max-backoff=2s"));
        arguments.addAll(extra);
        ServiceProcess trainer = ServiceProcess.trainer(
                name + "-" + trainerName, jar("lossforge.trainer.jar"), ServiceProcess.freePort(), jvmFlags, arguments);
        processes.add(trainer);
        return trainer;
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.exists(Path.of(path))) {
            throw new IllegalStateException(property + " = " + path + ": build the jars first (./mvnw -B -q package"
                    + " -DskipTests -pl services/orchestrator,services/trainer -am) and run through failsafe");
        }
        return Path.of(path);
    }

    // ---------------------------------------------------------------------------------------------
    // REST helpers

    /** A small task: the stub trainer accepts any dataset, so these numbers only shape the fingerprint. */
    public static String searchRequest(String searchName, int populationSize, int generations, long seed) {
        return """
                {"name": "%s", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 512,
                  "validationSamples": 128, "epochs": 1, "batchSize": 64, "seed": 1},
                 "search": {"populationSize": %d, "generations": %d, "seedLosses": ["ce", "ngl"], "seed": %d}}
                """.formatted(searchName, populationSize, generations, seed);
    }

    /** Creates a search ({@code POST /api/v1/searches}, expecting 201) and returns its id. */
    public String createSearch(ServiceProcess orchestrator, int populationSize, int generations, long seed)
            throws Exception {
        HttpResponse<String> created = post(
                orchestrator.url() + "/api/v1/searches",
                searchRequest(name + "-" + seed, populationSize, generations, seed));
        if (created.statusCode() != 201) {
            throw new AssertionError("creating a search answered " + created.statusCode() + ": " + created.body());
        }
        return JSON.readTree(created.body()).path("id").asString();
    }

    public JsonNode search(ServiceProcess orchestrator, String searchId) throws Exception {
        return getJson(orchestrator.url() + "/api/v1/searches/" + searchId);
    }

    public static boolean ended(JsonNode search) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED")
                .contains(search.path("state").asString(""));
    }

    /** Waits until the search has ended (in whatever state) and returns its last view. */
    public JsonNode awaitEnded(ServiceProcess orchestrator, String searchId, Duration timeout) throws Exception {
        return await(
                "search " + searchId + " ended", () -> search(orchestrator, searchId), FaultCluster::ended, timeout);
    }

    /** {@code GET /api/v1/trainers}: an array of TrainerView. */
    public JsonNode trainers(ServiceProcess orchestrator) throws Exception {
        return getJson(orchestrator.url() + "/api/v1/trainers");
    }

    /** The orchestrator's view of {@code trainer}, found by its URL. */
    public Optional<JsonNode> trainerView(ServiceProcess orchestrator, ServiceProcess trainer) throws Exception {
        for (JsonNode view : trainers(orchestrator)) {
            if (trainer.url().equals(view.path("url").asString())) {
                return Optional.of(view);
            }
        }
        return Optional.empty();
    }

    /** The orchestrator's id of {@code trainer} (the {@code trainer_id} of its attempts). */
    public String trainerId(ServiceProcess orchestrator, ServiceProcess trainer) throws Exception {
        return trainerView(orchestrator, trainer)
                .orElseThrow(() -> new AssertionError(trainer.name() + " is not registered"))
                .path("id")
                .asString();
    }

    /** The trainer's own view of a trial ({@code GET /api/v1/trials/{id}} on the trainer). */
    public JsonNode trialOnTrainer(ServiceProcess trainer, String trialId) throws Exception {
        return getJson(trainer.url() + "/api/v1/trials/" + trialId);
    }

    /**
     * The sum of a Prometheus counter family on a service, over the samples whose line contains every
     * one of {@code labelFilters} (e.g. {@code outcome="SUCCEEDED"}); empty when no sample exists.
     */
    public static Optional<Double> metric(ServiceProcess service, String family, String... labelFilters)
            throws Exception {
        List<Double> values = get(service.url() + "/actuator/prometheus")
                .body()
                .lines()
                .filter(line -> line.startsWith(family + "{") || line.startsWith(family + " "))
                .filter(line -> List.of(labelFilters).stream().allMatch(line::contains))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toList();
        return values.isEmpty()
                ? Optional.empty()
                : Optional.of(values.stream().mapToDouble(d -> d).sum());
    }

    public static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = get(url);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public static HttpResponse<String> get(String url) throws Exception {
        return get(url, Duration.ofSeconds(10));
    }

    /** A GET with the credential its usual caller has ({@link TestCredentials#authorizationFor}). */
    public static HttpResponse<String> get(String url, Duration timeout) throws Exception {
        return HTTP.send(authorized("GET", url).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of JSON with the credential its usual caller has ({@link TestCredentials#authorizationFor}). */
    public static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                authorized("POST", url)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder authorized(String method, String url) {
        URI uri = URI.create(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        TestCredentials.authorizationFor(method, uri.getPath())
                .ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    // ---------------------------------------------------------------------------------------------
    // Waiting

    /** A value read from the cluster; may throw while a service or the database is down. */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /**
     * Polls {@code probe} every 100 ms until {@code condition} holds and returns that value. A probe that
     * throws (a service or the database down) counts as "not yet". On timeout, fails with the last value,
     * the last error and the cluster's state.
     */
    public <T> T await(String what, Probe<T> probe, Predicate<T> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.read();
                lastError = null;
                if (condition.test(last)) {
                    return last;
                }
            } catch (SQLException e) {
                // A missing table or column (e.g. the round-1 schema) will not appear by waiting.
                if ("42P01".equals(e.getSQLState()) || "42703".equals(e.getSQLState())) {
                    throw new AssertionError("waiting for: " + what + ": the schema lacks it: " + e.getMessage(), e);
                }
                lastError = e;
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what + "\nlast value: "
                        + last + (lastError == null ? "" : "\nlast error: " + lastError));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Prints one machine-readable line per measured recovery, {@code RECOVERY <name> <ms>} (design §6), for
     * collecting into docs/reliability.md from the failsafe reports.
     */
    public static void recovery(String name, double seconds) {
        System.out.printf("RECOVERY %s %d%n", name, Math.round(seconds * 1000));
    }

    /** Seconds since {@code startNanos} (System.nanoTime), for the recovery times the tests print. */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ---------------------------------------------------------------------------------------------
    // Reporting and clean-up

    /** The cluster's state as far as it can be read: trainers, attempts by state, and every log tail. */
    public String describe() {
        StringBuilder out = new StringBuilder(
                "==== fault cluster " + name + " (PostgreSQL data and settings in " + root + ", kept) ====\n");
        for (ServiceProcess process : orchestrators) {
            if (process.isAlive()) {
                try {
                    out.append("trainers seen by ")
                            .append(process.name())
                            .append(": ")
                            .append(trainers(process))
                            .append('\n');
                } catch (Exception e) {
                    out.append("trainers of ")
                            .append(process.name())
                            .append(" unreadable: ")
                            .append(e)
                            .append('\n');
                }
            }
        }
        if (databaseRunning()) {
            for (String sql : List.of(
                    "select state, outcome, count(*) from attempt group by 1, 2 order by 1, 2",
                    "select status, outcome, count(*) from evaluation group by 1, 2 order by 1, 2",
                    "select status, count(*) from candidate group by 1 order by 1",
                    "select id, url, state, state_reason, consecutive_failures from trainer")) {
                String result;
                try {
                    result = rows(sql).toString();
                } catch (SQLException e) {
                    result = e.getMessage().lines().findFirst().orElse("");
                }
                out.append(sql).append(" -> ").append(result).append('\n');
            }
        } else {
            out.append("(PostgreSQL is stopped)\n");
        }
        try {
            if (root != null && Files.exists(postgresLog())) {
                List<String> lines = Files.readAllLines(postgresLog(), java.nio.charset.StandardCharsets.ISO_8859_1);
                out.append("---- postgres ").append(postgresLog()).append(" ----\n");
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            }
        } catch (IOException e) {
            out.append("postgres log: ").append(e).append('\n');
        }
        for (ServiceProcess process : processes) {
            try {
                out.append("---- ")
                        .append(process.name())
                        .append(" (pid ")
                        .append(process.pid())
                        .append(process.isAlive() ? ", alive" : ", ended")
                        .append(", log ")
                        .append(process.log())
                        .append(") ----\n")
                        .append(process.tail(80))
                        .append('\n');
            } catch (IOException e) {
                out.append("---- ")
                        .append(process.name())
                        .append(": ")
                        .append(e)
                        .append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        failed = true;
        System.out.println(describe());
        throw throwable;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    /**
     * Kills every process (SIGKILL: the test is over, a graceful drain would only cost time), stops
     * PostgreSQL and, unless the test failed, deletes its data directory. Idempotent.
     */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        for (ServiceProcess process : processes) {
            try {
                process.kill();
            } catch (Exception e) {
                System.out.println("closing " + process.name() + ": " + e);
            }
        }
        stopDatabase();
        if (!failed && root != null) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
