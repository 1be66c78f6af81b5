package io.lossforge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml and the Prometheus configuration it mounts, read as YAML (no Docker engine here): the
 * services exist, talk to each other by service name, and `docker compose up --scale trainer=N` can work.
 */
class DockerComposeTest {

    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        compose = yaml(Repository.read("docker-compose.yml"));
        services = map(compose.get("services"), "services");
    }

    @Test
    void theStackHasTheDatabaseBothServicesAndPrometheus() {
        assertThat(services).containsKeys("postgres", "orchestrator", "trainer", "prometheus");
        assertThat(Repository.read("docker-compose.yml").lines().findFirst().orElse(""))
                .as("a usage comment on top")
                .startsWith("#");
        assertThat(Repository.read("docker-compose.yml"))
                .as("the header says to build the jars first")
                .contains("./mvnw -B -DskipTests install");
    }

    @Test
    void postgresIs17WithAVolumeAndAHealthcheck() {
        Map<String, Object> postgres = service("postgres");
        assertThat(postgres.get("image")).isEqualTo("postgres:17");
        List<String> volumes = strings(postgres.get("volumes"));
        assertThat(volumes).anyMatch(v -> v.endsWith(":/var/lib/postgresql/data"));
        String volume = volumes.stream()
                .filter(v -> v.endsWith(":/var/lib/postgresql/data"))
                .findFirst()
                .orElseThrow()
                .split(":")[0];
        assertThat(map(compose.get("volumes"), "volumes")).as("named volume").containsKey(volume);
        assertThat(String.valueOf(
                        map(postgres.get("healthcheck"), "postgres healthcheck").get("test")))
                .contains("pg_isready");
    }

    @Test
    void orchestratorUsesTheComposeDatabaseAndIsBuiltFromItsJar() {
        Map<String, Object> orchestrator = service("orchestrator");
        Map<String, Object> build = map(orchestrator.get("build"), "orchestrator build");
        assertThat(build.get("context")).isEqualTo(".");
        assertThat(build.get("dockerfile")).isEqualTo("services/orchestrator/Dockerfile");
        assertThat(Repository.file("services/orchestrator/Dockerfile")).isRegularFile();

        Map<String, String> env = environment(orchestrator);
        assertThat(env.get("SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/"
                        + environment(service("postgres")).get("POSTGRES_DB"));
        assertThat(env.get("SPRING_DATASOURCE_USERNAME"))
                .isEqualTo(environment(service("postgres")).get("POSTGRES_USER"));
        assertThat(env.get("SPRING_DATASOURCE_PASSWORD"))
                .isNotBlank()
                .isEqualTo(environment(service("postgres")).get("POSTGRES_PASSWORD"));
        assertThat(env.get("LOSSFORGE_ORCHESTRATOR_DATABASE_EMBEDDED")).isEqualTo("false");
        assertThat(env.get("LOSSFORGE_ORCHESTRATOR_PUBLIC_URL")).isEqualTo("http://orchestrator:8080");
        assertThat(map(orchestrator.get("depends_on"), "orchestrator depends_on"))
                .extractingByKey("postgres")
                .asString()
                .contains("service_healthy");
        assertThat(strings(orchestrator.get("ports")))
                .singleElement()
                .asString()
                .endsWith(":8080");
    }

    @Test
    void trainerCanBeScaledAndRegistersItself() {
        Map<String, Object> trainer = service("trainer");
        // --scale trainer=N: N containers cannot share a host port, a container name or a hostname
        assertThat(trainer).doesNotContainKeys("ports", "container_name", "hostname");
        Map<String, Object> build = map(trainer.get("build"), "trainer build");
        assertThat(build.get("context")).isEqualTo(".");
        assertThat(build.get("dockerfile")).isEqualTo("services/trainer/Dockerfile");

        Map<String, String> env = environment(trainer);
        assertThat(env).containsEntry("DJL_OFFLINE", "true").containsEntry("OPT_OUT_TRACKING", "true");
        assertThat(env.get("LOSSFORGE_TRAINER_ORCHESTRATOR_URL")).isEqualTo("http://orchestrator:8080");
        assertThat(env.get("JAVA_OPTS")).contains("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch");
        // one fixed public URL would make every replica claim the same address; the image's entrypoint
        // derives each container's own (DockerfileTest runs it)
        assertThat(env).doesNotContainKey("LOSSFORGE_TRAINER_PUBLIC_URL");
        // no GPU by default
        assertThat(env).doesNotContainKeys("PYTORCH_LIBRARY_PATH", "PYTORCH_FLAVOR");
        String dataRoot = env.getOrDefault("LOSSFORGE_TRAINER_DATA_ROOT", "/var/lib/lossforge/data");
        assertThat(strings(trainer.get("volumes")))
                .as("a volume at the data root")
                .anyMatch(v -> v.endsWith(":" + dataRoot));
    }

    @Test
    void trainerGetsNoDatabaseSettings() {
        // the trainer has no database; a datasource there would only leak the password
        assertThat(environment(service("trainer")).keySet()).noneMatch(k -> k.startsWith("SPRING_DATASOURCE"));
    }

    @Test
    void prometheusScrapesBothServicesAtActuatorPrometheus() throws Exception {
        Map<String, Object> prometheus = service("prometheus");
        assertThat(strings(prometheus.get("volumes")))
                .anyMatch(v -> v.startsWith("./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml"));
        assertThat(Files.isRegularFile(Repository.file("monitoring/prometheus.yml")))
                .isTrue();

        Map<String, Object> config = yaml(Repository.read("monitoring/prometheus.yml"));
        List<Map<String, Object>> jobs = maps(config.get("scrape_configs"), "scrape_configs");
        assertThat(targetsAtActuatorPrometheus(jobs)).contains("orchestrator:8080", "trainer:8081");
    }

    /** host:port of every target scraped at /actuator/prometheus, static or found by DNS. */
    private static List<String> targetsAtActuatorPrometheus(List<Map<String, Object>> jobs) {
        return jobs.stream()
                .filter(job -> "/actuator/prometheus".equals(job.get("metrics_path")))
                .flatMap(job -> {
                    List<String> targets = new java.util.ArrayList<>();
                    if (job.get("static_configs") != null) {
                        maps(job.get("static_configs"), "static_configs")
                                .forEach(s -> targets.addAll(strings(s.get("targets"))));
                    }
                    if (job.get("dns_sd_configs") != null) {
                        maps(job.get("dns_sd_configs"), "dns_sd_configs")
                                .forEach(d -> strings(d.get("names"))
                                        .forEach(name -> targets.add(name + ":" + d.get("port"))));
                    }
                    return targets.stream();
                })
                .toList();
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "service " + name);
    }

    /** A service's environment, in map or list form, as strings. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return env;
    }

    static Map<String, Object> yaml(String text) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return map(loaded, "document");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        assertThat(value).isInstanceOf(List.class);
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
