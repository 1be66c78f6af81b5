package io.lossforge.orchestrator.bench;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./lossforge bench orchestrator}: the orchestrator jar as a child process against a real PostgreSQL
 * 17 (zonky's binaries, fsync and synchronous commit on, {@code pg_stat_statements} loaded), fed by the stub
 * trainer jar ({@code --spring.profiles.active=stub}), then by one real DJL trainer. Prints tables; results
 * are recorded in docs/performance.md. Deliberately a plain main class (no Spring annotation), so the
 * orchestrator's component scan ignores it; it reaches the services only over HTTP and SQL.
 *
 * <p>Phase 1 (stub): searches (population 1000, one generation, a distinct task seed each, so no evaluation
 * is a cache hit of another search) are created until at least {@code --attempts} evaluations are OPEN; only
 * then does the stub trainer start and register, so dispatch begins at a full queue. Everything is measured
 * from the database afterwards: trials/s, claim → accepted latency, the gap between a slot freeing (an
 * attempt's result recorded) and the next attempt on that trainer being claimed and accepted, statements per
 * dispatched attempt from {@code pg_stat_statements} at queue depth ≈ 10,000 and ≈ 10, and the CPU and
 * resident memory of the three processes from {@code /proc}. Then ≈ 100k rows are added to the hot tables
 * and the hot queries are explained.
 *
 * <p>Phase 2 ({@code --real}): one real trainer (1 slot) and one small search; the gap between one attempt
 * ending and the next being accepted is the platform overhead per trial a real run pays.
 */
public final class OrchestratorBenchmark {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String ROLE = "lossforge";
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux x86-64 (getconf CLK_TCK)

    private final Options options;
    private final Path work;
    private final List<Process> children = new ArrayList<>();
    /** This run's credentials (the services are closed by default): passed by environment, never argv. */
    private final String apiKey = io.lossforge.web.security.CredentialStore.generateSecret();

    private final String internalToken = io.lossforge.web.security.CredentialStore.generateSecret();
    /** The internal port of each orchestrator started, by its public base URL: trainers report there. */
    private final java.util.Map<String, String> internalUrls = new java.util.concurrent.ConcurrentHashMap<>();

    private EmbeddedPostgres postgres;

    private OrchestratorBenchmark(Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    /** Command-line options ({@code --attempts}, {@code --slots}, {@code --delay}, {@code --real}, ...). */
    record Options(
            int attempts,
            int slots,
            int trainers,
            String delay,
            boolean stub,
            boolean real,
            int realPopulation,
            int realGenerations,
            Path orchestratorJar,
            Path trainerJar) {

        static Options parse(String[] args) {
            return new Options(
                    Integer.parseInt(arg(args, "--attempts", "10000")),
                    Integer.parseInt(arg(args, "--slots", "64")),
                    Integer.parseInt(arg(args, "--trainers", "1")),
                    arg(args, "--delay", "50ms"),
                    !flag(args, "--real-only"),
                    flag(args, "--real") || flag(args, "--real-only"),
                    Integer.parseInt(arg(args, "--real-population", "12")),
                    Integer.parseInt(arg(args, "--real-generations", "2")),
                    Path.of(required("lossforge.bench.orchestrator-jar")),
                    Path.of(required("lossforge.bench.trainer-jar")));
        }

        private static String arg(String[] args, String name, String fallback) {
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals(name)) {
                    return args[i + 1];
                }
            }
            return fallback;
        }

        private static boolean flag(String[] args, String name) {
            return java.util.Arrays.asList(args).contains(name);
        }

        private static String required(String property) {
            String value = System.getProperty(property);
            if (value == null) {
                throw new IllegalArgumentException("-D" + property + "=<path> is required (./lossforge sets it)");
            }
            return value;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        // zonky logs every line of initdb and the server at INFO; the tables are what this prints.
        if (org.slf4j.LoggerFactory.getLogger("io.zonky") instanceof ch.qos.logback.classic.Logger zonky) {
            zonky.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path work = Files.createTempDirectory("lossforge-bench-");
        OrchestratorBenchmark bench = new OrchestratorBenchmark(options, work);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopChildren));
        System.out.printf(Locale.ROOT, "work directory (logs, JFR recordings): %s%n", work);
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        try {
            bench.startPostgres();
            if (options.stub()) {
                bench.stubPhase();
            }
            if (options.real()) {
                bench.realPhase();
            }
        } finally {
            bench.stopChildren();
            if (bench.postgres != null) {
                bench.postgres.close();
            }
        }
    }

    // --- PostgreSQL -------------------------------------------------------------------------------------

    private void startPostgres() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track_utility", "on")
                .setServerConfig("max_connections", "100")
                // The server's own log goes to a file in the work directory, not through zonky's logger.
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", work.resolve("postgres-log").toString())
                .start();
        try (Connection c = admin("postgres");
                Statement s = c.createStatement()) {
            // The orchestrator logs in as its own role: its statements are told apart from the benchmark's.
            s.execute("create role " + ROLE + " login superuser");
            s.execute("create extension pg_stat_statements");
        }
    }

    private Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database + "?user=postgres");
    }

    private String createDatabase(String name) throws SQLException {
        try (Connection c = admin("postgres");
                Statement s = c.createStatement()) {
            s.execute("create database " + name + " owner " + ROLE);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name
                + "?connectTimeout=2&socketTimeout=30&tcpKeepAlive=true";
    }

    // --- phase 1: the stub trainer ----------------------------------------------------------------------

    private void stubPhase() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%n== phase 1: %d stub trainer(s), %d slots each, %s per trial, >= %d queued evaluations%n",
                options.trainers(),
                options.slots(),
                options.delay(),
                options.attempts());
        String jdbc = createDatabase("stub");
        int orchestratorPort = freePort();
        Process orchestrator = startOrchestrator("stub", jdbc, orchestratorPort);
        String base = "http://127.0.0.1:" + orchestratorPort;
        awaitHealthy("orchestrator", base, orchestrator);
        try (Connection db = admin("stub")) {
            long t = System.nanoTime();
            int searches = queueWork(db, base);
            System.out.printf(
                    Locale.ROOT,
                    "queued %d OPEN evaluations from %d searches in %.1f s (none claimed: no trainer yet)%n",
                    count(db, "select count(*) from evaluation where status = 'OPEN'"),
                    searches,
                    (System.nanoTime() - t) / 1e9);
            System.out.printf(Locale.ROOT, "load average before dispatch: %s%n", loadAverage());

            try (Connection c = admin("postgres");
                    Statement s = c.createStatement()) {
                s.execute("select pg_stat_statements_reset()");
            }
            long postmaster = postgresPid();
            Cpu cpu0 = Cpu.of(orchestrator.pid(), postmaster, -1);
            long wall0 = System.nanoTime();
            int trainerPort = freePort();
            Process trainer = startTrainer(
                    "stub",
                    trainerPort,
                    base,
                    List.of("-Xmx512m"),
                    List.of(
                            "--spring.profiles.active=stub",
                            "--lossforge.trainer.slots=" + options.slots(),
                            "--lossforge.trainer.stub.delay=" + options.delay(),
                            "--lossforge.trainer.data-root=" + work.resolve("stub-data")));
            cpu0 = cpu0.withTrainer(trainer.pid());
            // More stub trainers (--trainers N) spread the same slots over several trainer rows: a test of
            // whether one trainer's row is the bottleneck. CPU and RSS are reported for the first one only.
            List<Process> more = new ArrayList<>();
            for (int i = 1; i < options.trainers(); i++) {
                more.add(startTrainer(
                        "stub-" + i,
                        freePort(),
                        base,
                        List.of("-Xmx512m"),
                        List.of(
                                "--spring.profiles.active=stub",
                                "--lossforge.trainer.slots=" + options.slots(),
                                "--lossforge.trainer.stub.delay=" + options.delay(),
                                "--lossforge.trainer.data-root=" + work.resolve("stub-data"))));
            }

            Map<Long, Stmt> atStart = statements("stub");
            Map<Long, Stmt> deepEnd = null;
            Map<Long, Stmt> shallowStart = null;
            long deepAttempts = 0;
            long shallowAttempts0 = 0;
            long rss = 0;
            long trainerRss = 0;
            Map<String, Long> waits = new java.util.TreeMap<>();
            long samples = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (true) {
                samples++;
                sampleWaits(db, waits);
                long[] q = row(
                        db,
                        "select count(*) filter (where status = 'OPEN'),"
                                + " count(*) filter (where status = 'OPEN' and live_attempt_id is null)"
                                + " from evaluation");
                // Trials are counted when they end: an attempt's statements (claim, fence, accept, result and
                // what the result sets off) are spread over its life, and in the tail no claims are left.
                long attempts = count(db, "select count(*) from attempt where ended_at is not null");
                rss = Math.max(rss, Proc.rssKb(orchestrator.pid()));
                trainerRss = Math.max(trainerRss, Proc.rssKb(trainer.pid()));
                if (deepEnd == null && attempts >= 2000) {
                    deepEnd = statements("stub");
                    deepAttempts = attempts;
                }
                if (shallowStart == null && q[1] <= 10) {
                    shallowStart = statements("stub");
                    shallowAttempts0 = attempts;
                }
                if (q[0] == 0) {
                    break;
                }
                if (System.nanoTime() > deadline || !orchestrator.isAlive() || !trainer.isAlive()) {
                    throw new IllegalStateException("the run did not finish (see the logs in " + work + ")");
                }
                Thread.sleep(250);
            }
            Map<Long, Stmt> atEnd = statements("stub");
            long totalAttempts = count(db, "select count(*) from attempt where ended_at is not null");
            if (deepEnd == null) {
                deepEnd = atEnd;
                deepAttempts = totalAttempts;
            }
            long deadlocks = count(db, "select deadlocks from pg_stat_database where datname = 'stub'");
            double wall = (System.nanoTime() - wall0) / 1e9;
            Cpu cpu1 = Cpu.of(orchestrator.pid(), postmaster, trainer.pid());
            long hwm = Proc.statusKb(orchestrator.pid(), "VmHWM");
            String load = loadAverage();
            stop(trainer);
            for (Process p : more) {
                stop(p);
            }
            stop(orchestrator);

            printStubResults(db, wall, cpu0, cpu1, rss, hwm, trainerRss, load);
            line("deadlocks (pg_stat_database)", "%d", deadlocks);
            System.out.printf(
                    Locale.ROOT,
                    "%nwhat the orchestrator's backends were doing (pg_stat_activity, %d samples every 250 ms;"
                            + " mean number of backends per state)%n",
                    samples);
            final long n = samples;
            waits.forEach((state, c) -> System.out.printf(Locale.ROOT, "%6.2f  %s%n", c / (double) n, state));
            System.out.printf(
                    Locale.ROOT,
                    "%nstatements per dispatched attempt (pg_stat_statements, the orchestrator's role only; every"
                            + " statement of every path: claim, send fence, accept, result, heartbeats, engine)%n");
            printStatements(
                    "queue depth ≈ 10,000 (until " + deepAttempts + " attempts had ended)",
                    atStart,
                    deepEnd,
                    deepAttempts);
            if (shallowStart != null) {
                printStatements(
                        "queue depth <= 10 (from then on: the last " + (totalAttempts - shallowAttempts0)
                                + " attempts to end)",
                        shallowStart,
                        atEnd,
                        totalAttempts - shallowAttempts0);
            }
            new HotQueryPlans(db).print();
        }
    }

    /** Tallies the orchestrator's non-idle backends by state and wait event (lock waits show contention). */
    private static void sampleWaits(Connection db, Map<String, Long> waits) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select state || coalesce(' / ' || wait_event_type || ':' || wait_event,"
                        + " ' / on CPU') || case when wait_event_type = 'Lock' then ' <- '"
                        + " || coalesce(left(regexp_replace(query, '\\s+', ' ', 'g'), 70), '') else '' end, count(*)"
                        + " from pg_stat_activity where usename = '" + ROLE + "' and state <> 'idle' group by 1")) {
            while (r.next()) {
                waits.merge(r.getString(1), r.getLong(2), Long::sum);
            }
        }
    }

    /** Creates searches until at least {@code options.attempts} evaluations are OPEN; returns how many. */
    private int queueWork(Connection db, String base) throws Exception {
        int created = 0;
        long open = 0;
        while (open < options.attempts()) {
            // After the first search, ask for as many as the observed yield per search needs (+5 %).
            int batch = created == 0
                    ? 1
                    : (int) Math.max(1, Math.ceil((options.attempts() - open) * 1.05 / (open / (double) created)));
            for (int i = 0; i < batch; i++) {
                created++;
                postSearch(base, created, 1000, 1, 512, 256, "[]");
            }
            awaitIntake(db);
            open = count(db, "select count(*) from evaluation where status = 'OPEN'");
        }
        return created;
    }

    private static void awaitIntake(Connection db) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (count(db, "select count(*) from search where state = 'QUEUED'") > 0
                || count(db, "select count(*) from candidate where status = 'PENDING'") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("screening did not finish in 10 minutes");
            }
            Thread.sleep(200);
        }
    }

    private void postSearch(
            String base, int seed, int population, int generations, int train, int validation, String baselines)
            throws Exception {
        String body = String.format(
                Locale.ROOT,
                "{\"name\":\"bench-%d\",\"task\":{\"dataset\":\"fashion-mnist\",\"model\":\"mlp\","
                        + "\"trainSamples\":%d,\"validationSamples\":%d,\"epochs\":1,\"seed\":%d},"
                        + "\"search\":{\"populationSize\":%d,\"generations\":%d,\"seed\":%d,\"baselines\":%s}}",
                seed,
                train,
                validation,
                seed,
                population,
                generations,
                seed,
                baselines);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/searches"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + apiKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /api/v1/searches: " + response.statusCode() + " " + response.body());
        }
    }

    private void printStubResults(
            Connection db, double wall, Cpu cpu0, Cpu cpu1, long rssKb, long hwmKb, long trainerRssKb, String load)
            throws SQLException {
        long slots = count(db, "select max(slots) from trainer");
        long[] totals = row(
                db,
                "select count(*) filter (where state = 'FINISHED'), count(*) filter (where state <> 'FINISHED'),"
                        + " (extract(epoch from max(ended_at) - min(claimed_at)) * 1000)::bigint from attempt");
        double seconds = totals[2] / 1000.0;
        double[] claimToAccept =
                percentiles(db, "select extract(epoch from accepted_at - claimed_at) * 1000 as v from attempt", "");
        double[] sentToAccept =
                percentiles(db, "select extract(epoch from accepted_at - sent_at) * 1000 as v from attempt", "");
        double[] claimToSent =
                percentiles(db, "select extract(epoch from sent_at - claimed_at) * 1000 as v from attempt", "");
        double[] acceptToEnd =
                percentiles(db, "select extract(epoch from ended_at - accepted_at) * 1000 as v from attempt", "");
        double[] early = percentiles(
                db,
                "select extract(epoch from accepted_at - claimed_at) * 1000 as v from attempt"
                        + " order by claimed_at limit 2000",
                "");
        double[] late = percentiles(
                db,
                "select extract(epoch from accepted_at - claimed_at) * 1000 as v from attempt"
                        + " order by claimed_at desc limit 2000",
                "");
        // FIFO slot matching: on a trainer with S slots, the i-th claim (i > S) needed the (i-S)-th slot to
        // free, i.e. the (i-S)-th recorded end. Every claim here happened while work was queued.
        String gap = "with c as (select trainer_id, claimed_at, accepted_at,"
                + " row_number() over (partition by trainer_id order by claimed_at) i from attempt),"
                + " e as (select trainer_id, ended_at,"
                + " row_number() over (partition by trainer_id order by ended_at) i from attempt"
                + " where ended_at is not null)"
                + " select extract(epoch from c.%s - e.ended_at) * 1000 as v from c join e"
                + " on e.trainer_id = c.trainer_id and e.i = c.i - " + slots;
        double[] freedToClaim = percentiles(db, String.format(Locale.ROOT, gap, "claimed_at"), "");
        double[] freedToAccept = percentiles(db, String.format(Locale.ROOT, gap, "accepted_at"), "");

        System.out.printf(Locale.ROOT, "%n%-58s %s%n", "measure", "value");
        line("attempts finished / other", "%d / %d", totals[0], totals[1]);
        line("first claim -> last end", "%.1f s (bench wall %.1f s)", seconds, wall);
        line(
                "trials/s",
                "%.0f   (bound: %d slots / %s = %.0f)",
                totals[0] / seconds,
                slots * options.trainers(),
                options.delay(),
                slots * options.trainers() / (delayMillis(options.delay()) / 1000.0));
        line("dispatch latency claim -> accepted p50 / p99", "%.1f / %.1f ms", claimToAccept[0], claimToAccept[1]);
        line("  first 2,000 (queue ≈ 10k) p50 / p99", "%.1f / %.1f ms", early[0], early[1]);
        line("  last 2,000 (queue draining) p50 / p99", "%.1f / %.1f ms", late[0], late[1]);
        line("  claim -> sent (fence committed) p50 / p99", "%.1f / %.1f ms", claimToSent[0], claimToSent[1]);
        line("  sent -> accepted (POST + accept commit) p50 / p99", "%.1f / %.1f ms", sentToAccept[0], sentToAccept[1]);
        line("accepted -> result recorded p50 / p99", "%.1f / %.1f ms", acceptToEnd[0], acceptToEnd[1]);
        line("slot freed -> next claimed p50 / p99", "%.1f / %.1f ms", freedToClaim[0], freedToClaim[1]);
        line("slot freed -> next accepted p50 / p99", "%.1f / %.1f ms", freedToAccept[0], freedToAccept[1]);
        double span = (cpu1.nanos() - cpu0.nanos()) / 1e9;
        line(
                "orchestrator CPU",
                "%.2f cores",
                (cpu1.orchestrator() - cpu0.orchestrator()) / (double) CLOCK_TICKS / span);
        line(
                "PostgreSQL CPU (postmaster + backends)",
                "%.2f cores",
                (cpu1.postgres() - cpu0.postgres()) / (double) CLOCK_TICKS / span);
        line("stub trainer CPU", "%.2f cores", (cpu1.trainer() - cpu0.trainer()) / (double) CLOCK_TICKS / span);
        line("orchestrator RSS max sampled / VmHWM", "%d / %d MB", rssKb / 1024, hwmKb / 1024);
        line("stub trainer RSS max sampled", "%d MB", trainerRssKb / 1024);
        line("load average at the end", "%s", load);
    }

    /** "50ms", "2s" or "1m" (what the stub's Spring binding accepts for the benchmark's purposes). */
    static double delayMillis(String delay) {
        String d = delay.trim().toLowerCase(Locale.ROOT);
        if (d.endsWith("ms")) {
            return Double.parseDouble(d.substring(0, d.length() - 2));
        }
        if (d.endsWith("s")) {
            return Double.parseDouble(d.substring(0, d.length() - 1)) * 1000;
        }
        if (d.endsWith("m")) {
            return Double.parseDouble(d.substring(0, d.length() - 1)) * 60_000;
        }
        return Double.parseDouble(d);
    }

    private static void line(String measure, String format, Object... values) {
        System.out.printf(Locale.ROOT, "%-58s %s%n", measure, String.format(Locale.ROOT, format, values));
    }

    // --- phase 2: one real trainer ----------------------------------------------------------------------

    private void realPhase() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%n== phase 2: one real DJL trainer (1 slot), population %d x %d generations, mlp, 512 images%n",
                options.realPopulation(),
                options.realGenerations());
        String jdbc = createDatabase("real");
        int orchestratorPort = freePort();
        Process orchestrator = startOrchestrator("real", jdbc, orchestratorPort);
        String base = "http://127.0.0.1:" + orchestratorPort;
        awaitHealthy("orchestrator", base, orchestrator);
        int trainerPort = freePort();
        Process trainer = startTrainer(
                "real",
                trainerPort,
                base,
                List.of("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch"),
                List.of("--lossforge.trainer.slots=1"));
        awaitHealthy("trainer", "http://127.0.0.1:" + trainerPort, trainer);
        try (Connection db = admin("real")) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (count(db, "select count(*) from trainer") == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the trainer did not register");
                }
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "load average before the search: %s%n", loadAverage());
            postSearch(base, 1, options.realPopulation(), options.realGenerations(), 512, 256, "[\"ce\"]");
            deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (count(db, "select count(*) from search where state in ('SUCCEEDED', 'FAILED', 'CANCELLED')") == 0) {
                if (System.nanoTime() > deadline || !orchestrator.isAlive() || !trainer.isAlive()) {
                    throw new IllegalStateException("the real search did not finish (logs in " + work + ")");
                }
                Thread.sleep(250);
            }
            String load = loadAverage();
            stop(trainer);
            stop(orchestrator);
            printRealResults(db, load);
        }
    }

    private static void printRealResults(Connection db, String load) throws SQLException {
        String gaps = "select extract(epoch from a.%s - lag(a.ended_at) over (order by a.claimed_at)) * 1000 as v,"
                + " lag(c.generation) over (order by a.claimed_at) = c.generation as same"
                + " from attempt a join evaluation e on e.id = a.evaluation_id"
                + " join candidate c on c.id = e.first_candidate_id";
        double[] claim = percentiles(db, String.format(Locale.ROOT, gaps, "claimed_at"), " where v is not null");
        double[] accept = percentiles(db, String.format(Locale.ROOT, gaps, "accepted_at"), " where v is not null");
        double[] within =
                percentiles(db, String.format(Locale.ROOT, gaps, "accepted_at"), " where v is not null and same");
        long[] t = row(
                db,
                "select count(*), count(*) filter (where state = 'FINISHED'),"
                        + " (extract(epoch from max(ended_at) - min(claimed_at)) * 1000)::bigint,"
                        + " (extract(epoch from sum(ended_at - accepted_at)) * 1000)::bigint from attempt");
        long candidates = count(db, "select count(*) from candidate");
        long evaluated = count(db, "select count(*) from candidate where status = 'EVALUATED'");
        System.out.printf(Locale.ROOT, "%n%-58s %s%n", "measure", "value");
        line("candidates / evaluated / attempts (finished)", "%d / %d / %d (%d)", candidates, evaluated, t[0], t[1]);
        line("previous end -> next claimed p50 / p90", "%.0f / %.0f ms", claim[0], claim[2]);
        line("previous end -> next accepted p50 / p90", "%.0f / %.0f ms", accept[0], accept[2]);
        line("  within a generation p50 / p90", "%.0f / %.0f ms", within[0], within[2]);
        double[] claimToSent =
                percentiles(db, "select extract(epoch from sent_at - claimed_at) * 1000 as v from attempt", "");
        double[] sentToAccept =
                percentiles(db, "select extract(epoch from accepted_at - sent_at) * 1000 as v from attempt", "");
        line("  claim -> sent (fence committed) p50 / p90", "%.0f / %.0f ms", claimToSent[0], claimToSent[2]);
        line("  sent -> accepted (POST + accept commit) p50 / p90", "%.0f / %.0f ms", sentToAccept[0], sentToAccept[2]);
        // The trainer's own wall time of each trial (its report's wallSeconds): what is left of the cycle
        // from one result to the next is the platform's share (callback, result, claim, fence, POST, start).
        String cycles = "select extract(epoch from a.ended_at - lag(a.ended_at) over (order by a.ended_at)) * 1000"
                + " - (e.result ->> 'wallSeconds')::float * 1000 as v,"
                + " lag(c.generation) over (order by a.ended_at) = c.generation as same"
                + " from attempt a join evaluation e on e.id = a.evaluation_id and e.result is not null"
                + " join candidate c on c.id = e.first_candidate_id where a.state = 'FINISHED'";
        double[] cycle = percentiles(db, cycles, " where v is not null and same");
        double[] trainerWall = percentiles(
                db,
                "select (e.result ->> 'wallSeconds')::float * 1000 as v from attempt a"
                        + " join evaluation e on e.id = a.evaluation_id where a.state = 'FINISHED'",
                "");
        line("trainer's own wall time per trial p50", "%.0f ms", trainerWall[0]);
        line(
                "result -> next result minus trainer wall, within a generation p50 / p90",
                "%.0f / %.0f ms",
                cycle[0],
                cycle[2]);
        line("first claim -> last end (wall)", "%.1f s", t[2] / 1000.0);
        line("sum of accepted -> ended (on the trainer)", "%.1f s", t[3] / 1000.0);
        line(
                "platform time per trial with barriers",
                "%.0f ms ((wall - trainer time) / attempts)",
                (t[2] - t[3]) / (double) t[0]);
        line("load average at the end", "%s", load);
    }

    // --- processes ----------------------------------------------------------------------------------------

    private Process startOrchestrator(String name, String jdbc, int port) throws IOException {
        int internalPort = freePort();
        internalUrls.put("http://127.0.0.1:" + port, "http://127.0.0.1:" + internalPort);
        Path jfr = work.resolve("orchestrator-" + name + ".jfr");
        List<String> command = new ArrayList<>(List.of(
                java(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true",
                "-jar",
                options.orchestratorJar().toString(),
                "--server.port=" + port,
                "--lossforge.orchestrator.security.internal-port=" + internalPort,
                // The benchmark queues its work as many searches of one key.
                "--lossforge.orchestrator.limits.running-searches-per-key=10000",
                "--lossforge.orchestrator.security.api-keys[0].name=bench",
                "--lossforge.orchestrator.security.api-keys[0].role=operator",
                "--lossforge.orchestrator.security.api-keys[0].sha256="
                        + io.lossforge.web.security.CredentialStore.sha256Hex(apiKey),
                "--lossforge.orchestrator.home=" + work.resolve("home-" + name),
                "--lossforge.orchestrator.database.embedded=false",
                "--spring.datasource.url=" + jdbc,
                "--spring.datasource.username=" + ROLE));
        System.out.printf(Locale.ROOT, "orchestrator (%s): JFR %s%n", name, jfr);
        return start("orchestrator-" + name, command);
    }

    private Process startTrainer(String name, int port, String orchestrator, List<String> jvm, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvm);
        command.addAll(List.of(
                "-jar",
                options.trainerJar().toString(),
                "--server.port=" + port,
                "--lossforge.trainer.orchestrator-url=" + internalUrls.getOrDefault(orchestrator, orchestrator)));
        command.addAll(args);
        return start("trainer-" + name, command);
    }

    private Process start(String name, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_TOKEN", internalToken);
        builder.environment().put("LOSSFORGE_TRAINER_SECURITY_INTERNAL_TOKEN", internalToken);
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: graceful shutdown, and the JFR recording is written
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private void stopChildren() {
        for (Process p : children) {
            if (p.isAlive()) {
                try {
                    stop(p);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                }
            }
        }
    }

    private static void awaitHealthy(String name, String base, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not healthy after 3 minutes");
    }

    private long postgresPid() throws IOException {
        return Long.parseLong(Files.readAllLines(work.resolve("postgres").resolve("postmaster.pid"))
                .getFirst()
                .trim());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // --- SQL helpers --------------------------------------------------------------------------------------

    static long count(Connection db, String sql) throws SQLException {
        return row(db, sql)[0];
    }

    static long[] row(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            int n = r.getMetaData().getColumnCount();
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.getLong(i + 1);
            }
            return values;
        }
    }

    /** p50, p99 and p90 of column {@code v} of {@code sql} (milliseconds). */
    private static double[] percentiles(Connection db, String sql, String where) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select percentile_cont(0.5) within group (order by v),"
                        + " percentile_cont(0.99) within group (order by v),"
                        + " percentile_cont(0.9) within group (order by v) from (" + sql + ") x" + where)) {
            r.next();
            return new double[] {r.getDouble(1), r.getDouble(2), r.getDouble(3)};
        }
    }

    /** One normalized statement's cumulative calls and time. */
    record Stmt(String query, long calls, double millis) {}

    private Map<Long, Stmt> statements(String database) throws SQLException {
        Map<Long, Stmt> out = new HashMap<>();
        try (Connection c = admin("postgres");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select queryid, query, calls, total_exec_time from pg_stat_statements"
                        + " where dbid = (select oid from pg_database where datname = '" + database + "')"
                        + " and userid = (select oid from pg_roles where rolname = '" + ROLE + "')")) {
            while (r.next()) {
                out.put(r.getLong(1), new Stmt(r.getString(2), r.getLong(3), r.getDouble(4)));
            }
        }
        return out;
    }

    private static void printStatements(String title, Map<Long, Stmt> from, Map<Long, Stmt> to, long attempts) {
        Map<Long, long[]> delta = new LinkedHashMap<>();
        long total = 0;
        long transactions = 0;
        for (var entry : to.entrySet()) {
            long before =
                    from.containsKey(entry.getKey()) ? from.get(entry.getKey()).calls() : 0;
            long calls = entry.getValue().calls() - before;
            if (calls <= 0) {
                continue;
            }
            delta.put(entry.getKey(), new long[] {calls});
            String q = entry.getValue().query().trim().toLowerCase(Locale.ROOT);
            if (q.startsWith("begin")) {
                transactions += calls;
            }
            if (!q.startsWith("begin") && !q.equals("commit") && !q.equals("rollback") && !q.startsWith("set ")) {
                total += calls;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%n-- %s: %.1f statements per attempt (without BEGIN), %.1f transactions (BEGIN) per attempt%n",
                title,
                total / (double) Math.max(1, attempts),
                transactions / (double) Math.max(1, attempts));
        delta.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(24)
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "%6.2f  %s%n",
                        e.getValue()[0] / (double) Math.max(1, attempts),
                        abbreviate(to.get(e.getKey()).query())));
    }

    private static String abbreviate(String query) {
        String flat = query.replaceAll("\\s+", " ").trim();
        return flat.length() > 150 ? flat.substring(0, 147) + "..." : flat;
    }

    /** CPU ticks (user + system) of the orchestrator, the PostgreSQL processes and the trainer. */
    record Cpu(long nanos, long orchestrator, long postgres, long trainer, long orchestratorPid, long postmaster) {

        static Cpu of(long orchestratorPid, long postmaster, long trainerPid) {
            long pg = Proc.cpuTicks(postmaster);
            for (ProcessHandle child :
                    ProcessHandle.of(postmaster).map(h -> h.children().toList()).orElse(List.of())) {
                pg += Proc.cpuTicks(child.pid());
            }
            return new Cpu(
                    System.nanoTime(),
                    Proc.cpuTicks(orchestratorPid),
                    pg,
                    trainerPid < 0 ? 0 : Proc.cpuTicks(trainerPid),
                    orchestratorPid,
                    postmaster);
        }

        Cpu withTrainer(long trainerPid) {
            return new Cpu(nanos, orchestrator, postgres, Proc.cpuTicks(trainerPid), orchestratorPid, postmaster);
        }
    }
}
