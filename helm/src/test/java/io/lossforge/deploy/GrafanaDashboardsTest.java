package io.lossforge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Grafana dashboards of monitoring/grafana/dashboards as structure: every panel, query and template
 * variable names the datasource uid that compose provisions (a dashboard whose uid is wrong opens with
 * "datasource not found" on every panel), compose and the Helm chart ship exactly these files, and every
 * query is one the real-Prometheus test (orchestrator's {@code GrafanaDashboardsIT}) has a committed range
 * for. What the queries return is that test's business.
 */
class GrafanaDashboardsTest {

    private static final Path DASHBOARDS = Repository.file("monitoring/grafana/dashboards");
    private static final Pattern RANGE_IN_RATE = Pattern.compile("\\[(?!\\$__rate_interval\\])[^\\]]*\\]");

    @Test
    void everyPanelQueryAndVariableUsesTheProvisionedDatasourceUid() throws IOException {
        Map<String, Object> provisioned =
                yaml(Repository.read("monitoring/grafana/provisioning/datasources/prometheus.yml"));
        List<Map<String, Object>> sources = maps(provisioned.get("datasources"));
        assertThat(sources).singleElement().satisfies(source -> {
            assertThat(source.get("type")).isEqualTo("prometheus");
            assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
        });
        String uid = (String) sources.getFirst().get("uid");
        assertThat(uid).isEqualTo("lossforge-prometheus");
        for (Map<String, Object> dashboard : dashboards().values()) {
            for (Map<String, Object> panel : panels(dashboard)) {
                assertThat(datasourceUid(panel))
                        .as("panel %s", panel.get("title"))
                        .isEqualTo(uid);
                assertThat(maps(panel.get("targets")))
                        .isNotEmpty()
                        .allSatisfy(target -> assertThat(datasourceUid(target))
                                .as("query %s of panel %s", target.get("refId"), panel.get("title"))
                                .isEqualTo(uid));
            }
            assertThat(variables(dashboard))
                    .isNotEmpty()
                    .allSatisfy(variable -> assertThat(datasourceUid(variable))
                            .as("variable %s", variable.get("name"))
                            .isEqualTo(uid));
        }
    }

    @Test
    void theTwoDashboardsHaveStableUidsAndAVariableEach() throws IOException {
        Map<String, Map<String, Object>> dashboards = dashboards();
        assertThat(dashboards.keySet()).containsExactlyInAnyOrder("search.json", "trainers.json");
        assertThat(dashboards.get("search.json").get("uid")).isEqualTo("lossforge-search");
        assertThat(dashboards.get("trainers.json").get("uid")).isEqualTo("lossforge-trainers");
        assertThat(variables(dashboards.get("search.json")))
                .extracting(v -> v.get("name"))
                .containsExactly("search");
        assertThat(variables(dashboards.get("trainers.json")))
                .extracting(v -> v.get("name"))
                .containsExactly("trainer");
    }

    /** No constant fallback makes an empty query look alive, and rates use Grafana's interval, not a literal. */
    @Test
    void queriesHaveNoConstantFallbackAndRateOverTheRateInterval() throws IOException {
        for (Query query : queries()) {
            assertThat(query.expr())
                    .as(query.toString())
                    .doesNotContain("vector(")
                    .doesNotContain("absent(");
            Matcher literal = RANGE_IN_RATE.matcher(query.expr());
            assertThat(literal.find())
                    .as("a range other than $__rate_interval in %s", query)
                    .isFalse();
        }
    }

    /** Every (dashboard, panel, query) has a range in the committed table, and the table names no other. */
    @Test
    void everyQueryHasACommittedExpectedRange() throws IOException {
        List<String> table = Files.readAllLines(Repository.file("monitoring/grafana/expected-series.tsv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> String.join("/", List.of(line.split("\t")).subList(0, 3)))
                .toList();
        List<String> keys = queries().stream().map(Query::key).toList();
        assertThat(table).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void composeProvisionsTheDatasourceAndDashboardsForAnonymousViewers() {
        Map<String, Object> grafana = map(
                map(yaml(Repository.read("docker-compose.yml")).get("services")).get("grafana"));
        assertThat(strings(grafana.get("volumes")))
                .contains(
                        "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        Map<String, Object> environment = map(grafana.get("environment"));
        assertThat(environment)
                .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
                .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        Map<String, Object> provider = maps(yaml(Repository.read(
                                "monitoring/grafana/provisioning/dashboards/lossforge.yml"))
                        .get("providers"))
                .getFirst();
        assertThat(map(provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(provider.get("allowUiUpdates")).isEqualTo(false);
    }

    @Test
    void theChartShipsEachDashboardAsAConfigMapForTheSidecarWhenAsked() throws IOException {
        assertThat(Rendered.template().all(ConfigMap.class)).isEmpty();
        Rendered rendered = Rendered.template(Rendered.values("metrics.grafanaDashboards.enabled", true));
        List<ConfigMap> maps = rendered.all(ConfigMap.class);
        assertThat(maps)
                .hasSize(2)
                .allSatisfy(map -> assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1"));
        Map<String, String> shipped = new LinkedHashMap<>();
        maps.forEach(map -> shipped.putAll(map.getData()));
        for (String file : dashboards().keySet()) {
            assertThat(shipped.get(file))
                    .as("ConfigMap data %s is the repository's file", file)
                    .isEqualTo(Files.readString(DASHBOARDS.resolve(file)).stripTrailing());
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** One PromQL expression of a panel: the key the range table uses is {@code dashboardUid/panelId/refId}. */
    record Query(String dashboard, Object panelId, String refId, String expr) {
        String key() {
            return dashboard + "/" + panelId + "/" + refId;
        }
    }

    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Map<String, Object> dashboard : dashboards().values()) {
            for (Map<String, Object> panel : panels(dashboard)) {
                for (Map<String, Object> target : maps(panel.get("targets"))) {
                    queries.add(new Query(
                            (String) dashboard.get("uid"), panel.get("id"), (String) target.get("refId"), (String)
                                    target.get("expr")));
                }
            }
        }
        return queries;
    }

    static Map<String, Map<String, Object>> dashboards() throws IOException {
        Map<String, Map<String, Object>> dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(file.getFileName().toString(), yaml(Files.readString(file)));
            }
        }
        return dashboards;
    }

    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        return maps(dashboard.get("panels"));
    }

    private static List<Map<String, Object>> variables(Map<String, Object> dashboard) {
        return maps(map(dashboard.get("templating")).get("list"));
    }

    private static Object datasourceUid(Map<String, Object> element) {
        return map(element.get("datasource")).get("uid");
    }

    private static Map<String, Object> yaml(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<String>) value;
    }
}
