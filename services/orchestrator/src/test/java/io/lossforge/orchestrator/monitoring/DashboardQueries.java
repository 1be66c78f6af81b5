package io.lossforge.orchestrator.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of the committed Grafana dashboards as Grafana would send it: template variables replaced by
 * the values their own queries list (all of them, as "All" does: a regex alternation of the escaped values),
 * {@code $__rate_interval} by four scrape intervals (Grafana's lower bound), and each expression's committed
 * range ({@code monitoring/grafana/expected-series.tsv}) to check its answer against.
 */
final class DashboardQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

    /** A template variable: {@code label_values(selector, label)}. */
    record Variable(String dashboard, String name, String selector, String label) {}

    /** One query of a panel with the committed range for it. */
    record Query(String dashboard, int panel, String title, String refId, String expr, Expected expected) {
        String key() {
            return dashboard + "/" + panel + "/" + refId;
        }
    }

    /**
     * Every finite sample in [min, max], the largest at least {@code peak}, and for each of {@code moving}
     * (label=value) a series with that label whose peak is above 0.
     */
    record Expected(double min, double max, double peak, String why, List<String> moving) {}

    final List<Variable> variables = new ArrayList<>();
    final List<Query> queries = new ArrayList<>();

    DashboardQueries(Path repository) throws IOException {
        Map<String, Expected> expected = expected(repository.resolve("monitoring/grafana/expected-series.tsv"));
        try (Stream<Path> files = Files.list(repository.resolve("monitoring/grafana/dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(Files.readString(file));
                String uid = dashboard.path("uid").asString();
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    Matcher m = LABEL_VALUES.matcher(
                            variable.path("query").path("query").asString());
                    if (!m.matches()) {
                        throw new IllegalStateException("variable " + variable.path("name") + " is not label_values");
                    }
                    variables.add(new Variable(uid, variable.path("name").asString(), m.group(1), m.group(2)));
                }
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String key = uid + "/" + panel.path("id").asInt() + "/"
                                + target.path("refId").asString();
                        Expected range = expected.get(key);
                        if (range == null) {
                            throw new IllegalStateException("no committed range for " + key);
                        }
                        queries.add(new Query(
                                uid,
                                panel.path("id").asInt(),
                                panel.path("title").asString(),
                                target.path("refId").asString(),
                                target.path("expr").asString(),
                                range));
                    }
                }
            }
        }
    }

    private static Map<String, Expected> expected(Path table) throws IOException {
        Map<String, Expected> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(table)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            expected.put(
                    f[0] + "/" + f[1] + "/" + f[2],
                    new Expected(
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]),
                            f[6],
                            f.length > 7 ? List.of(f[7].split(",")) : List.of()));
        }
        return expected;
    }

    /**
     * {@code expr} as Grafana sends it: {@code $name} by {@code (v1|v2|...)} of the variable's values
     * (regex-escaped), {@code $__rate_interval} by {@code rateInterval}.
     */
    static String substitute(String expr, Map<String, List<String>> values, Duration rateInterval) {
        String result = expr.replace("$__rate_interval", rateInterval.toSeconds() + "s");
        for (Map.Entry<String, List<String>> variable : values.entrySet()) {
            String alternation = variable.getValue().stream()
                    .map(v -> v.replaceAll("([.\\\\+*?\\[\\]^$(){}|])", "\\\\\\\\$1"))
                    .collect(Collectors.joining("|", "(", ")"));
            result = result.replace("$" + variable.getKey(), alternation);
        }
        return result;
    }
}
