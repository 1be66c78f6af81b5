package io.lossforge.orchestrator.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds ≈ 100k finished rows (plus a queue of 10,000 OPEN evaluations, 64 running attempts and their
 * candidates) to the hot tables of a benchmark database, ANALYZEs, and prints {@code EXPLAIN (ANALYZE,
 * BUFFERS)} of the orchestrator's hot queries as its repositories issue them — both the custom plan (the
 * first executions of a prepared statement) and the generic plan (what PostgreSQL may switch to after
 * five), flagging any sequential scan of evaluation, attempt or candidate. Run after the orchestrator has
 * stopped: the rows are synthetic and every explained statement is rolled back.
 */
final class HotQueryPlans {

    private static final List<String> BIG = List.of("evaluation", "attempt", "candidate");

    private final Connection db;

    HotQueryPlans(Connection db) {
        this.db = db;
    }

    /** A hot query with {@code $n} parameters, their types, and the literal values to explain it with. */
    record Hot(String where, String sql, String types, String values) {}

    void print() throws SQLException {
        String trainer = text("select id::text from trainer limit 1");
        String search = text("select id::text from search limit 1");
        long t = System.nanoTime();
        fill(trainer, search);
        System.out.printf(
                Locale.ROOT,
                "%n== hot query plans: evaluation %d rows, attempt %d, candidate %d (filled in %.1f s, ANALYZEd)%n",
                OrchestratorBenchmark.count(db, "select count(*) from evaluation"),
                OrchestratorBenchmark.count(db, "select count(*) from attempt"),
                OrchestratorBenchmark.count(db, "select count(*) from candidate"),
                (System.nanoTime() - t) / 1e9);
        String finished = text("select hash || '|' || task_fingerprint || '|' || id from evaluation"
                + " where status = 'FINISHED' order by id desc limit 1");
        String[] f = finished.split("\\|");
        String open = text("select id::text from evaluation where status = 'OPEN' and live_attempt_id is not null"
                + " order by id limit 1");
        String liveAttempt = text("select live_attempt_id::text from evaluation where id = " + open);
        String now = "now()";
        String q = "'" + trainer + "'::uuid";
        List<Hot> hot = List.of(
                new Hot(
                        "EvaluationRepository.claimable",
                        "select e.* from evaluation e where e.status = 'OPEN' and e.live_attempt_id is null"
                                + " and e.ready_at <= $2 and not exists (select 1 from trainer_refusal r where"
                                + " r.trainer_id = $1 and r.task_fingerprint = e.task_fingerprint and r.until > $2)"
                                + " order by e.ready_at, e.id limit $3 for update of e skip locked",
                        "uuid, timestamptz, int",
                        q + ", " + now + ", 64"),
                new Hot(
                        "AttemptRepository.countLive",
                        "select trainer_id, count(*) from attempt where state in ('LEASED', 'RUNNING')"
                                + " and trainer_id in ($1) group by trainer_id",
                        "uuid",
                        q),
                new Hot(
                        "AttemptRepository.lockLiveOn",
                        "select * from attempt where trainer_id = $1 and state in ('LEASED', 'RUNNING') for update",
                        "uuid",
                        q),
                new Hot(
                        "AttemptRepository.lockUnconfirmed",
                        "select * from attempt where state in ('LEASED', 'RUNNING') and lease_deadline < $1"
                                + " for update skip locked",
                        "timestamptz",
                        now),
                new Hot(
                        "AttemptRepository.lockStalled",
                        "select * from attempt where state = 'RUNNING' and last_progress_at < $1"
                                + " for update skip locked",
                        "timestamptz",
                        "now() - interval '5 minutes'"),
                new Hot(
                        "AttemptRepository.lockLiveOf",
                        "select * from attempt where evaluation_id in ($1) and state in ('LEASED', 'RUNNING')"
                                + " for update",
                        "bigint",
                        open),
                new Hot(
                        "AttemptRepository.markSent",
                        "update attempt set sent_at = $2 where id = $1 and state = 'LEASED' and sent_at is null",
                        "uuid, timestamptz",
                        "'" + liveAttempt + "'::uuid, now()"),
                new Hot(
                        "AttemptRepository.findForUpdate",
                        "select * from attempt where id = $1 for no key update",
                        "uuid",
                        "'" + liveAttempt + "'::uuid"),
                new Hot(
                        "TrainerRepository.lockDispatchable",
                        "select * from trainer where state in ('ACTIVE', 'QUARANTINED') for update skip locked",
                        "",
                        ""),
                new Hot(
                        "CandidateRepository.lockPending",
                        "select * from candidate where search_id = $1 and status = 'PENDING' and generation in"
                                + " (-1, $2) order by generation, position limit $3 for update skip locked",
                        "uuid, int, int",
                        "'" + search + "'::uuid, 301, 64"),
                new Hot(
                        "CandidateRepository.countUnfinished",
                        "select count(*) from candidate where search_id = $1 and generation in (-1, $2)"
                                + " and status in ('PENDING', 'EVALUATING')",
                        "uuid, int",
                        "'" + search + "'::uuid, 301"),
                new Hot(
                        "CandidateRepository.settleFollowers",
                        "update candidate set status = $2, evaluated_at = $3 where evaluation_id = $1"
                                + " and status = 'EVALUATING'",
                        "bigint, text, timestamptz",
                        open + ", 'EVALUATED', now()"),
                new Hot(
                        "CandidateRepository.searchesFollowing",
                        "select distinct search_id from candidate where evaluation_id = $1",
                        "bigint",
                        open),
                new Hot(
                        "EvaluationRepository.findReusable",
                        "select * from evaluation where hash = $1 and task_fingerprint = $2 and status = 'FINISHED'"
                                + " order by id limit 1",
                        "text, text",
                        "'" + f[0] + "', '" + f[1] + "'"),
                new Hot(
                        "EvaluationRepository.unneeded",
                        "select e.* from evaluation e where e.status = 'OPEN' and e.id in ($1) and not exists"
                                + " (select 1 from candidate c where c.evaluation_id = e.id and c.status = 'EVALUATING')"
                                + " for update of e",
                        "bigint",
                        open));
        List<String> seqScans = new ArrayList<>();
        for (Hot h : hot) {
            System.out.printf(Locale.ROOT, "%n-- %s%n", h.where());
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                List<String> plan = explain(h, mode);
                System.out.printf(
                        Locale.ROOT, "   [%s]%n", mode.replace("force_", "").replace("_plan", ""));
                for (String line : plan) {
                    System.out.println("   " + line);
                    for (String table : BIG) {
                        if (line.contains("Seq Scan on " + table)) {
                            seqScans.add(h.where() + " (" + mode + "): " + line.trim());
                        }
                    }
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nsequential scans of evaluation/attempt/candidate in the hot queries: %s%n",
                seqScans.isEmpty() ? "none" : String.join("; ", seqScans));
    }

    private List<String> explain(Hot h, String mode) throws SQLException {
        List<String> plan = new ArrayList<>();
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("set local plan_cache_mode = " + mode);
            s.execute("prepare hot" + (h.types().isEmpty() ? "" : "(" + h.types() + ")") + " as " + h.sql());
            try (ResultSet r = s.executeQuery("explain (analyze, buffers, costs off) execute hot"
                    + (h.values().isEmpty() ? "" : "(" + h.values() + ")"))) {
                while (r.next()) {
                    plan.add(r.getString(1));
                }
            }
        } finally {
            db.rollback();
            try (Statement s = db.createStatement()) {
                s.execute("deallocate all");
            }
            db.setAutoCommit(auto);
        }
        return plan;
    }

    private void fill(String trainer, String search) throws SQLException {
        String tr = "'" + trainer + "'::uuid";
        String se = "'" + search + "'::uuid";
        try (Statement s = db.createStatement()) {
            s.execute("insert into evaluation (hash, task_fingerprint, expression, reduction, task, dataset, model,"
                    + " status, outcome, fitness, ready_at, created_at, ended_at)"
                    + " select 'bench-' || i, 'bench-task-' || (i % 50), 'p * y', 'mean', '{}'::jsonb,"
                    + " 'fashion-mnist', 'mlp', 'FINISHED', 'SUCCEEDED', random(), now() - interval '1 day',"
                    + " now() - interval '1 day', now() - interval '1 day' from generate_series(1, 100000) i");
            s.execute("insert into evaluation (hash, task_fingerprint, expression, reduction, task, dataset, model,"
                    + " status, ready_at, created_at)"
                    + " select 'bench-open-' || i, 'bench-task-' || (i % 50), 'p * y', 'mean', '{}'::jsonb,"
                    + " 'fashion-mnist', 'mlp', 'OPEN', now() - interval '1 hour' + i * interval '1 ms',"
                    + " now() - interval '1 hour' from generate_series(1, 10000) i");
            s.execute("insert into attempt (id, evaluation_id, number, trainer_id, trainer_url, state, outcome,"
                    + " claimed_by, claimed_at, sent_at, accepted_at, ended_at)"
                    + " select gen_random_uuid(), e.id, 1, " + tr + ", 'http://bench', 'FINISHED', 'SUCCEEDED',"
                    + " 'bench', e.created_at, e.created_at, e.created_at, e.ended_at from evaluation e"
                    + " where e.hash like 'bench-%' and e.status = 'FINISHED'");
            s.execute("with picked as (select id from evaluation where hash like 'bench-open-%' order by id limit 64),"
                    + " ins as (insert into attempt (id, evaluation_id, number, trainer_id, trainer_url, state,"
                    + " claimed_by, claimed_at, sent_at, accepted_at, lease_deadline, last_progress_at)"
                    + " select gen_random_uuid(), id, 1, " + tr + ", 'http://bench', 'RUNNING', 'bench', now(),"
                    + " now(), now(), now() + interval '15 seconds', now() from picked returning id, evaluation_id)"
                    + " update evaluation e set live_attempt_id = ins.id from ins where e.id = ins.evaluation_id");
            s.execute("insert into candidate (search_id, generation, position, expression, hash, reduction,"
                    + " task_fingerprint, source, nodes, status, created_at, evaluated_at, evaluation_id)"
                    + " select " + se + ", 1 + (n - 1) / 1000, (n - 1) % 1000, 'p * y', hash, 'mean',"
                    + " task_fingerprint, 'RANDOM', 3, 'EVALUATED', now(), now(), id from (select e.*,"
                    + " row_number() over (order by e.id) n from evaluation e where e.hash like 'bench-%'"
                    + " and e.status = 'FINISHED') x");
            s.execute("insert into candidate (search_id, generation, position, expression, hash, reduction,"
                    + " task_fingerprint, source, nodes, status, created_at, evaluation_id)"
                    + " select " + se + ", 201, (row_number() over (order by e.id)) - 1, 'p * y', hash, 'mean',"
                    + " task_fingerprint, 'RANDOM', 3, 'EVALUATING', now(), id from evaluation e"
                    + " where e.hash like 'bench-open-%'");
            s.execute("insert into candidate (search_id, generation, position, expression, hash, reduction,"
                    + " task_fingerprint, source, nodes, status, created_at)"
                    + " select " + se + ", 301, i, 'p * y', 'bench-pending-' || i, 'mean', 'bench-task-1',"
                    + " 'RANDOM', 3, 'PENDING', now() from generate_series(0, 999) i");
            s.execute("analyze");
        }
    }

    private String text(String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
