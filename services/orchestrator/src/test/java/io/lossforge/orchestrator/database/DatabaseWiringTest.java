package io.lossforge.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The orchestrator's configuration of this package, as application.yaml and EmbeddedDatabase set it up: the
 * pool timeouts reach the embedded database's Hikari pool, its URL carries pgjdbc's timeouts, the supervisor
 * runs, and the {@code database} indicator counts for readiness only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseWiringTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path home = Files.createTempDirectory("orchestrator-database");
        registry.add("lossforge.orchestrator.home", home::toString);
        // Credentials as every test runs with them, and the internal port 0: never a fixed port.
        io.lossforge.orchestrator.TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    PostgresSupervisor supervisor;

    @Autowired
    HealthEndpointGroups groups;

    @Autowired
    HealthContributorRegistry contributors;

    @Autowired
    Clock clock;

    @Test
    void theEmbeddedPoolHasTheTimeoutsOfApplicationYaml() {
        HikariDataSource pool = (HikariDataSource) dataSource;

        assertThat(pool.getConnectionTimeout()).isEqualTo(2_000);
        assertThat(pool.getKeepaliveTime()).isEqualTo(30_000);
        assertThat(pool.getJdbcUrl()).endsWith("?user=postgres&connectTimeout=2&socketTimeout=30&tcpKeepAlive=true");
        assertThat(supervisor.isRunning()).isTrue();
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void theDatabaseIndicatorDecidesReadinessNotLiveness() throws Exception {
        assertThat(contributors.getContributor("database")).isInstanceOf(DatabaseHealthIndicator.class);
        assertThat(groups.get("readiness").isMember("database")).isTrue();
        assertThat(groups.get("liveness").isMember("database")).isFalse();

        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
