package io.lossforge.orchestrator.monitoring;

import io.lossforge.orchestrator.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's Prometheus ({@value #BINARY}) as a test process: it scrapes with the committed scrape jobs of
 * {@code monitoring/prometheus.yml}, only their targets rewritten to the test's ports, their token file to
 * the test's scrape token and the interval shortened, and answers PromQL over its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    static final String BINARY = "/usr/bin/prometheus";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path directory;
    private final Path config;
    private final String committedConfig;
    private final Duration interval;
    private final Path tokenFile;
    private final int port;
    private Process process;

    PrometheusServer(Path directory, String committedConfig, String scrapeToken, Duration interval) throws IOException {
        this.directory = directory;
        this.config = directory.resolve("prometheus.yml");
        this.committedConfig = committedConfig;
        this.interval = interval;
        this.tokenFile = directory.resolve("scrape-token");
        Files.writeString(tokenFile, scrapeToken);
        this.port = ServiceProcess.freePort();
    }

    /** Writes the configuration for {@code targets} (job name → host:port list) and starts Prometheus. */
    PrometheusServer start(Map<String, List<String>> targets) throws Exception {
        write(targets);
        process = new ProcessBuilder(
                        BINARY,
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + directory.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        // POST /-/reload: the test adds a trainer's target later.
                        "--web.enable-lifecycle",
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready in 30 s: " + log());
    }

    /** Rewrites the targets and makes Prometheus reload its configuration. */
    void retarget(Map<String, List<String>> targets) throws Exception {
        write(targets);
        HttpResponse<String> reloaded = HTTP.send(
                HttpRequest.newBuilder(uri("/-/reload"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (reloaded.statusCode() != 200) {
            throw new IllegalStateException("reload answered " + reloaded.statusCode() + ": " + reloaded.body());
        }
    }

    /**
     * The committed jobs with {@code targets} instead of their service discovery: every job of the
     * committed file must be given targets, so a job added there cannot go untested.
     */
    @SuppressWarnings("unchecked")
    private void write(Map<String, List<String>> targets) throws IOException {
        Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(committedConfig);
        Map<String, Object> global = (Map<String, Object>) yaml.get("global");
        global.put("scrape_interval", interval.toMillis() + "ms");
        global.put("evaluation_interval", interval.toMillis() + "ms");
        for (Map<String, Object> job : (List<Map<String, Object>>) yaml.get("scrape_configs")) {
            String name = (String) job.get("job_name");
            List<String> jobTargets = targets.get(name);
            if (jobTargets == null) {
                throw new IllegalArgumentException("no test targets for the committed job " + name);
            }
            job.remove("dns_sd_configs");
            job.put("static_configs", List.of(Map.of("targets", jobTargets)));
            ((Map<String, Object>) job.get("authorization")).put("credentials_file", tokenFile.toString());
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(config, new Yaml(options).dump(yaml));
    }

    /** {@code /api/v1/query_range}: the result array (one element per series). */
    JsonNode queryRange(String expr, Instant start, Instant end, Duration step) throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("query", expr);
        parameters.put("start", Long.toString(start.getEpochSecond()));
        parameters.put("end", Long.toString(end.getEpochSecond()));
        parameters.put("step", step.toSeconds() + "s");
        return data(post("/api/v1/query_range", parameters)).path("result");
    }

    /** {@code /api/v1/label/<label>/values?match[]=<selector>} over the window: what a Grafana variable lists. */
    List<String> labelValues(String label, String selector, Instant start, Instant end) throws Exception {
        String path = "/api/v1/label/" + label + "/values?match[]=" + encode(selector) + "&start="
                + start.getEpochSecond() + "&end=" + end.getEpochSecond();
        HttpResponse<String> response = get(path);
        List<String> values = new ArrayList<>();
        data(response).forEach(value -> values.add(value.asString()));
        return values;
    }

    /**
     * Waits until every target of the current configuration has been scraped successfully. Needed before
     * the events a test wants to see: Prometheus applies new targets only every few seconds (its scrape
     * manager's reload tick), so events of the first seconds after start would land before any sample.
     */
    void awaitScraped(int targets, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int up = 0;
            for (JsonNode target : data(get("/api/v1/targets")).path("activeTargets")) {
                if ("up".equals(target.path("health").asString())) {
                    up++;
                }
            }
            if (up >= targets) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        up + " of " + targets + " targets scraped in " + timeout + ":\n" + targets() + log());
            }
            Thread.sleep(200);
        }
    }

    /** {@code /api/v1/targets}: job → health of each active target, for the failure message. */
    String targets() throws Exception {
        StringBuilder out = new StringBuilder();
        for (JsonNode target : data(get("/api/v1/targets")).path("activeTargets")) {
            out.append(target.path("labels").path("job").asString())
                    .append(' ')
                    .append(target.path("scrapeUrl").asString())
                    .append(' ')
                    .append(target.path("health").asString())
                    .append(' ')
                    .append(target.path("lastError").asString())
                    .append('\n');
        }
        return out.toString();
    }

    private static JsonNode data(HttpResponse<String> response) {
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200
                || !"success".equals(body.path("status").asString())) {
            throw new IllegalStateException("prometheus answered " + response.statusCode() + ": " + response.body());
        }
        return body.path("data");
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) ->
                body.append(body.isEmpty() ? "" : "&").append(k).append('=').append(encode(v)));
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    String log() {
        try {
            return Files.readString(directory.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }
}
