package io.lossforge.orchestrator.round1;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database a round-1 orchestrator (commit e4c146a) left behind after a {@code kill -9} in the middle of
 * a search: one CSV per table of its public schema under {@code src/test/resources/round1/}, with
 * {@code manifest.json} (row counts, counts per state/status, the search ids). Made once by
 * {@code scripts/make-round1-fixture.sh}; loaded here into an empty database so that a test can migrate it.
 *
 * <p>Loading applies only V1 (Flyway, {@code target=1}), so the tables are exactly round 1's whatever
 * migrations exist today; then Flyway's own history row is replaced by round 1's (same checksum if V1 is
 * unchanged, which {@code Flyway.validate()} then proves), each CSV is copied in with {@code COPY FROM STDIN}
 * in foreign-key order, and every serial sequence is set past the largest id so new rows do not collide.
 */
public final class Round1Fixture {

    /** Classpath folder of the CSVs and the manifest. */
    public static final String RESOURCES = "round1/";
    /** Flyway's history table; round 1's copy of it replaces the row {@link #load} wrote. */
    static final String HISTORY = "flyway_schema_history";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Round1Fixture() {}

    /** The manifest written with the CSVs. */
    public static JsonNode manifest() {
        try (InputStream in = resource("manifest.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's tables in the order they must be loaded (referenced tables first). */
    public static List<String> tables() {
        List<String> tables = new ArrayList<>();
        manifest().path("tables").forEach(table -> tables.add(table.asString()));
        return tables;
    }

    /**
     * Applies V1 to {@code dataSource}, which must hold an empty database, and fills it with round 1's rows.
     * Afterwards the database is as round 1 left it, Flyway history included.
     */
    public static void load(DataSource dataSource) throws SQLException, IOException {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target("1")
                .load()
                .migrate();
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try (Statement sql = db.createStatement()) {
                sql.execute("delete from " + HISTORY);
            }
            for (String table : tables()) {
                copyIn(db, table);
            }
            resetSequences(db);
            db.commit();
        }
    }

    private static void copyIn(Connection db, String table) throws SQLException, IOException {
        String csv;
        try (InputStream in = resource(table + ".csv")) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8); // a few kB: the files are kept small
        }
        String header = csv.lines()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(RESOURCES + table + ".csv is empty (not even a header)"));
        // HEADER MATCH: PostgreSQL checks the header's names against the column list, so a column that was
        // renamed fails loudly instead of loading into the wrong column.
        db.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                        "copy " + table + " (" + header + ") from stdin with (format csv, header match)",
                        new StringReader(csv));
    }

    /** Every {@code bigserial} column's sequence continues after the largest id loaded. */
    private static void resetSequences(Connection db) throws SQLException {
        List<String[]> serials = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("select table_name, column_name from information_schema.columns"
                        + " where table_schema = 'public' and column_default like 'nextval(%'")) {
            while (rows.next()) {
                serials.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        try (Statement sql = db.createStatement()) {
            for (String[] serial : serials) {
                sql.execute("select setval(pg_get_serial_sequence('" + serial[0] + "', '" + serial[1] + "'),"
                        + " coalesce((select max(" + serial[1] + ") from " + serial[0] + "), 0) + 1, false)");
            }
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Round1Fixture.class.getClassLoader().getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException(
                    "no " + RESOURCES + name + " on the classpath; run scripts/make-round1-fixture.sh");
        }
        return in;
    }
}
