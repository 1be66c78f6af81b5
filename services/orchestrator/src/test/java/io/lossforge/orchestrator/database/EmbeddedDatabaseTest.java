package io.lossforge.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @Test
    void theBundledBinariesWriteTheMajorVersionTheCheckExpects(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start()) {
            assertThat(Files.readString(data.resolve("PG_VERSION")).trim())
                    .isEqualTo(Integer.toString(EmbeddedDatabase.BUNDLED_MAJOR_VERSION));
        }
        EmbeddedDatabase.requireBundledMajorVersion(data); // the directory it wrote is accepted
    }

    @Test
    void aDataDirectoryOfAnotherMajorVersionIsRefusedWithWhatToDo(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("PG_VERSION"), "14\n");

        assertThatThrownBy(() -> EmbeddedDatabase.requireBundledMajorVersion(data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL 14")
                .hasMessageContaining("bundles PostgreSQL 17")
                .hasMessageContaining("pg_upgrade");
    }

    @Test
    void anEmptyDataDirectoryIsInitialisedNotRefused(@TempDir Path data) throws Exception {
        EmbeddedDatabase.requireBundledMajorVersion(data);
        assertThat(data.resolve("PG_VERSION")).doesNotExist();
    }
}
