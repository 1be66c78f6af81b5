package io.lossforge.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The orchestrator on an external PostgreSQL (the usual spring.datasource.* settings) instead of the
 * embedded one: Flyway builds the schema there. Runs where a Docker engine exists; skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
class ExternalPostgresTest {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
        registry.add(
                "lossforge.orchestrator.home", () -> System.getProperty("java.io.tmpdir") + "/lossforge-external-pg");
        // Credentials as every test runs with them, and the internal port 0: never a fixed port.
        io.lossforge.orchestrator.TestCredentials.register(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migratesTheExternalDatabase() {
        assertThat(jdbc.queryForList("select version from flyway_schema_history where success", String.class))
                .contains("1");
        assertThat(jdbc.queryForObject("select current_setting('server_version_num')::int", Integer.class))
                .isGreaterThanOrEqualTo(170000);
    }
}
