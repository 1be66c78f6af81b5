package io.lossforge.orchestrator.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A range query's answer against its committed {@link DashboardQueries.Expected} range: at least one
 * series; every finite sample within [min, max] (NaN — a ratio or a mean over a window without events — is
 * what Grafana draws as a gap, so it is skipped); the largest sample at least the committed peak.
 */
record SeriesCheck(List<String> series, double peak, Optional<String> problem) {

    static SeriesCheck of(JsonNode result, DashboardQueries.Expected expected) {
        List<String> series = new ArrayList<>();
        double peak = Double.NEGATIVE_INFINITY;
        List<String> outside = new ArrayList<>();
        for (JsonNode one : result) {
            series.add(one.path("metric").toString());
            for (JsonNode sample : one.path("values")) {
                double value = parse(sample.get(1).asString());
                if (Double.isNaN(value)) {
                    continue;
                }
                peak = Math.max(peak, value);
                if (value < expected.min() || value > expected.max()) {
                    outside.add(one.path("metric") + "=" + value);
                }
            }
        }
        String problem = null;
        if (series.isEmpty()) {
            problem = "no series";
        } else if (!outside.isEmpty()) {
            problem = outside.size() + " samples outside [" + expected.min() + ", " + expected.max() + "], e.g. "
                    + outside.getFirst();
        } else if (peak < expected.peak()) {
            problem = "peak " + peak + " below the committed " + expected.peak();
        }
        return new SeriesCheck(series, peak, Optional.ofNullable(problem));
    }

    private static double parse(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /** The series' label sets without the scrape labels every series has, for the printed table. */
    String labels() {
        return series.size() + ": "
                + String.join(
                        " ",
                        series.stream()
                                .map(s -> s.replaceAll("\"(application|job|__name__)\":\"[^\"]*\",?", ""))
                                .toList());
    }

    String peakText() {
        return peak == Double.NEGATIVE_INFINITY ? "–" : "%.4g".formatted(peak);
    }
}
