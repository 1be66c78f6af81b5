package io.lossforge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.testing.RequiredTools;
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
    void theStackHasTheDatabaseBothServicesPrometheusAndGrafana() {
        assertThat(services).containsKeys("postgres", "orchestrator", "trainer", "prometheus", "grafana");
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
        // gone with the callback URL: trainers report to the orchestrator they are configured with
        assertThat(env).doesNotContainKey("LOSSFORGE_ORCHESTRATOR_PUBLIC_URL");
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
    void onlyThePublicPortIsPublishedAndTrainersUseTheInternalOne() {
        Map<String, Object> orchestrator = service("orchestrator");
        String internalPort = environment(orchestrator).get("LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_PORT");
        assertThat(internalPort).isEqualTo("8090");
        assertThat(strings(orchestrator.get("ports")))
                .as("the internal port is not published on the host")
                .noneMatch(p -> p.contains(internalPort));
        assertThat(strings(orchestrator.get("expose"))).contains(internalPort);
        assertThat(environment(service("trainer")).get("LOSSFORGE_TRAINER_ORCHESTRATOR_URL"))
                .isEqualTo("http://orchestrator:" + internalPort);
    }

    @Test
    void theApiKeyIsConfiguredByItsHashFromDotEnvAndRequired() {
        Map<String, String> env = environment(service("orchestrator"));
        assertThat(env.get("LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_0_NAME"))
                .isEqualTo("${LOSSFORGE_API_KEY_NAME:-admin}");
        assertThat(env.get("LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_0_ROLE")).isEqualTo("operator");
        // ${VAR:?...}: compose refuses to start without it rather than run an API nobody can use
        assertThat(env.get("LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_0_SHA256"))
                .startsWith("${LOSSFORGE_API_KEY_SHA256:?");
        assertThat(Repository.read("docker-compose.yml"))
                .as("the header says how to make the key and where its hash goes")
                .contains("./lossforge key new --role operator")
                .contains("LOSSFORGE_API_KEY_SHA256=")
                .contains("mkdir -m 700 secrets");
    }

    @Test
    void theTokensAreComposeSecretsReadAsAConfigTreeNeverEnvironmentValues() {
        Map<String, Object> secrets = map(compose.get("secrets"), "top-level secrets");
        assertThat(secrets).containsOnlyKeys("internal-token", "scrape-token");
        secrets.forEach(
                (name, secret) -> assertThat(map(secret, "secret " + name)).containsEntry("file", "./secrets/" + name));
        assertThat(Repository.read(".gitignore")).contains("/secrets/");

        for (String component : List.of("orchestrator", "trainer")) {
            Map<String, Object> service = service(component);
            Map<String, String> env = environment(service);
            assertThat(env.get("SPRING_CONFIG_IMPORT")).isEqualTo("configtree:/run/secrets/");
            // the file name is the property name under /run/secrets
            assertThat(secretTargets(service))
                    .as("secrets of %s", component)
                    .containsEntry("internal-token", "lossforge." + component + ".security.internal-token")
                    .containsEntry("scrape-token", "lossforge." + component + ".security.scrape-token");
            assertThat(env.keySet())
                    .as("no token in the environment of %s", component)
                    .noneMatch(k -> k.endsWith("_TOKEN"));
        }
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

    @Test
    void prometheusScrapesWithTheScrapeTokenTheServicesAreGiven() {
        // the short form mounts the secret at /run/secrets/<name>
        assertThat(strings(service("prometheus").get("secrets"))).containsExactly("scrape-token");
        Map<String, Object> config = yaml(Repository.read("monitoring/prometheus.yml"));
        List<Map<String, Object>> jobs = maps(config.get("scrape_configs"), "scrape_configs");
        assertThat(jobs)
                .isNotEmpty()
                .allSatisfy(job -> assertThat(map(job.get("authorization"), "authorization of " + job.get("job_name")))
                        .containsEntry("type", "Bearer")
                        .containsEntry("credentials_file", "/run/secrets/scrape-token")
                        .doesNotContainKey("credentials"));
    }

    @Test
    void promtoolAcceptsThePrometheusConfiguration() throws Exception {
        java.nio.file.Path promtool = java.nio.file.Path.of("/usr/bin/promtool");
        RequiredTools.assumeOrFail(
                "prometheus", Files.isExecutable(promtool), promtool + " is missing (Debian's prometheus package)");
        // --syntax-only: the credentials file exists only inside the Prometheus container
        Process process = new ProcessBuilder(
                        promtool.toString(),
                        "check",
                        "config",
                        "--syntax-only",
                        Repository.file("monitoring/prometheus.yml").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool check config: %s", output).isZero();
    }

    /** source -> target of a service's secrets (long syntax; the short one mounts at the source's name). */
    private static Map<String, String> secretTargets(Map<String, Object> service) {
        Map<String, String> targets = new LinkedHashMap<>();
        Object secrets = service.get("secrets");
        assertThat(secrets).as("secrets").isInstanceOf(List.class);
        for (Object secret : (List<?>) secrets) {
            if (secret instanceof Map<?, ?> m) {
                Object target = m.get("target");
                targets.put(String.valueOf(m.get("source")), String.valueOf(target == null ? m.get("source") : target));
            } else {
                targets.put(String.valueOf(secret), String.valueOf(secret));
            }
        }
        return targets;
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
