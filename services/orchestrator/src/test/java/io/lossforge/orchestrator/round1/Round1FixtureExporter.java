package io.lossforge.orchestrator.round1;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the {@link Round1Fixture} from the data directory a killed round-1 orchestrator left: starts only
 * PostgreSQL (zonky, the same 17 binaries round 1 bundles) on that directory and copies every table of the
 * public schema out with {@code COPY ... TO STDOUT (csv, header)}. zonky ships no {@code pg_dump}, and
 * Debian's pg_dump 15 refuses a 17 server, hence COPY. Run by {@code scripts/make-round1-fixture.sh}.
 *
 * <p>Arguments: {@code <data-directory> <output-directory> [key=value ...]} where the keys are
 * {@code commit=<sha>}, {@code search.<role>=<uuid>} (recorded in the manifest) and
 * {@code fail=<role>}: round 1's API cannot make a search FAILED (only an engine error at a generation
 * boundary does), so that search is set FAILED with SQL before the export, and the manifest says so.
 */
public final class Round1FixtureExporter {

    /** Columns whose values are counted per table in the manifest. */
    private static final List<String> COUNTED = List.of("state", "status", "outcome", "verdict", "source");

    private Round1FixtureExporter() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            options.put(pair[0], pair[1]);
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .start();
                Connection db = postgres.getPostgresDatabase().getConnection()) {
            List<String> notes = new ArrayList<>();
            String failed = options.get("fail");
            if (failed != null) {
                failSearch(db, options.get("search." + failed));
                notes.add(
                        "search '" + failed + "' was cancelled through the round-1 API once past generation 0, then set"
                                + " FAILED with SQL (round 1's API cannot make a FAILED search): state, message and"
                                + " finished_at only; its candidates and trials are as the cancel left them");
            }
            List<String> tables = tablesInDependencyOrder(db);
            Files.createDirectories(out);
            try (var old = Files.list(out)) {
                for (Path file : old.filter(f -> f.toString().endsWith(".csv")).toList()) {
                    Files.delete(file);
                }
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("commit", options.get("commit"));
            manifest.put("exportedAt", Instant.now().toString());
            manifest.put("postgres", scalar(db, "select version()"));
            manifest.put("tables", tables);
            Map<String, Object> rows = new LinkedHashMap<>();
            Map<String, Object> counts = new LinkedHashMap<>();
            for (String table : tables) {
                export(db, table, out.resolve(table + ".csv"));
                rows.put(table, Long.parseLong(scalar(db, "select count(*) from " + table)));
                for (String column : columns(db, table)) {
                    if (COUNTED.contains(column)) {
                        counts.put(
                                table + "." + column,
                                countBy(db, "select " + column + ", count(*) from " + table + " group by 1"));
                    }
                }
            }
            manifest.put("rows", rows);
            manifest.put("counts", counts);
            manifest.put("searches", searches(db, options));
            manifest.put("notes", notes);
            Files.writeString(
                    out.resolve("manifest.json"),
                    JsonMapper.builder()
                                    .build()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(manifest) + "\n");
        }
    }

    private static void failSearch(Connection db, String id) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("update search set state = 'FAILED', message = ?,"
                + " finished_at = coalesce(finished_at, now()) where id = ?::uuid")) {
            update.setString(1, "the engine could not advance the search: set FAILED by make-round1-fixture.sh");
            update.setString(2, id);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no search " + id + " to set FAILED");
            }
        }
    }

    /** Tables of the public schema, each after the tables its foreign keys reference (self-references aside). */
    static List<String> tablesInDependencyOrder(Connection db) throws SQLException {
        Map<String, Set<String>> references = new TreeMap<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("select tablename from pg_tables where schemaname = 'public'")) {
            while (rows.next()) {
                references.put(rows.getString(1), new LinkedHashSet<>());
            }
        }
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(
                        "select conrelid::regclass::text, confrelid::regclass::text from pg_constraint where contype = 'f'"
                                + " and connamespace = 'public'::regnamespace")) {
            while (rows.next()) {
                if (!rows.getString(1).equals(rows.getString(2))) {
                    references.get(rows.getString(1)).add(rows.getString(2));
                }
            }
        }
        List<String> order = new ArrayList<>();
        while (order.size() < references.size()) {
            String next = references.keySet().stream()
                    .filter(t -> !order.contains(t))
                    .filter(t -> order.containsAll(references.get(t)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("foreign-key cycle among " + references));
            order.add(next);
        }
        return order;
    }

    private static void export(Connection db, String table, Path file) throws Exception {
        // Ordered by every column, first column first: the same database always gives the same file.
        String query = "select * from " + table + " order by " + String.join(", ", columns(db, table));
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            db.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("copy (" + query + ") to stdout with (format csv, header)", writer);
        }
    }

    private static List<String> columns(Connection db, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("select column_name from information_schema.columns"
                + " where table_schema = 'public' and table_name = ? order by ordinal_position")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }

    /** Per role: the search's id, state and generation, and its candidates and trials per status. */
    private static Map<String, Object> searches(Connection db, Map<String, String> options) throws SQLException {
        Map<String, Object> searches = new LinkedHashMap<>();
        for (var option : options.entrySet()) {
            if (!option.getKey().startsWith("search.")) {
                continue;
            }
            String id = option.getValue();
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("id", id);
            search.put("state", scalar(db, "select state from search where id = '" + id + "'"));
            search.put(
                    "generation",
                    Integer.parseInt(scalar(db, "select generation from search where id = '" + id + "'")));
            search.put(
                    "candidates",
                    countBy(db, "select status, count(*) from candidate where search_id = '" + id + "' group by 1"));
            search.put(
                    "candidateOutcomes",
                    countBy(
                            db,
                            "select coalesce(outcome, 'null'), count(*) from candidate" + " where search_id = '" + id
                                    + "' group by 1"));
            search.put(
                    "cacheHits",
                    Long.parseLong(scalar(
                            db,
                            "select count(*) from candidate where search_id = '" + id
                                    + "' and cached_from is not null")));
            search.put(
                    "trials",
                    countBy(
                            db,
                            "select t.state, count(*) from trial t join candidate c on c.id ="
                                    + " t.candidate_id where c.search_id = '" + id + "' group by 1"));
            searches.put(option.getKey().substring("search.".length()), search);
        }
        return searches;
    }

    /** {@code value -> count} of a two-column query, null values as {@code "null"}, sorted by value. */
    static Map<String, Long> countBy(Connection db, String query) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                counts.put(String.valueOf(rows.getString(1)), rows.getLong(2));
            }
        }
        return counts;
    }

    private static String scalar(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
