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
record SeriesCheck(List<String> series, List<Double> peaks, double peak, Optional<String> problem) {

    static SeriesCheck of(JsonNode result, DashboardQueries.Expected expected) {
        List<String> series = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        double peak = Double.NEGATIVE_INFINITY;
        List<String> outside = new ArrayList<>();
        for (JsonNode one : result) {
            series.add(labels(one.path("metric")));
            double seriesPeak = Double.NEGATIVE_INFINITY;
            for (JsonNode sample : one.path("values")) {
                double value = parse(sample.get(1).asString());
                if (Double.isNaN(value)) {
                    continue;
                }
                seriesPeak = Math.max(seriesPeak, value);
                peak = Math.max(peak, value);
                if (value < expected.min() || value > expected.max()) {
                    outside.add(one.path("metric") + "=" + value);
                }
            }
            peaks.add(seriesPeak);
        }
        String problem = null;
        if (series.isEmpty()) {
            problem = "no series";
        } else if (!outside.isEmpty()) {
            problem = outside.size() + " samples outside [" + expected.min() + ", " + expected.max() + "], e.g. "
                    + outside.getFirst();
        } else if (peak < expected.peak()) {
            problem = "peak " + peak + " below the committed " + expected.peak();
        } else {
            problem = stillOnes(series, peaks, expected.moving());
        }
        return new SeriesCheck(series, peaks, peak, Optional.ofNullable(problem));
    }

    /** The {@code label=value}s no series with a positive peak carries, or null when each has one. */
    private static String stillOnes(List<String> series, List<Double> peaks, List<String> moving) {
        List<String> still = new ArrayList<>();
        for (String wanted : moving) {
            String[] pair = wanted.split("=", 2);
            String label = pair[0] + "=\"" + pair[1] + "\"";
            boolean moved = false;
            for (int i = 0; i < series.size(); i++) {
                moved |= peaks.get(i) > 0 && series.get(i).contains(label);
            }
            if (!moved) {
                still.add(wanted);
            }
        }
        return still.isEmpty() ? null : "no series with " + still + " rose above 0";
    }

    private static double parse(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /** A series' labels without those every series has (application, job, __name__), as {@code {k="v"}}. */
    private static String labels(JsonNode metric) {
        List<String> pairs = new ArrayList<>();
        for (var field : metric.properties()) {
            if (!List.of("application", "job", "__name__").contains(field.getKey())) {
                pairs.add(field.getKey() + "=\"" + field.getValue().asString() + "\"");
            }
        }
        return "{" + String.join(",", pairs) + "}";
    }

    /**
     * How many series, and each one's label set with its peak, for the printed table; series that stayed
     * at 0 (closed label sets registered at zero) are only counted.
     */
    String labels() {
        List<String> moving = new ArrayList<>();
        int still = 0;
        for (int i = 0; i < series.size(); i++) {
            if (peaks.get(i) > 0) {
                moving.add(series.get(i) + " " + "%.4g".formatted(peaks.get(i)));
            } else {
                still++;
            }
        }
        return series.size() + " series: " + String.join(", ", moving) + (still == 0 ? "" : " (" + still + " at 0)");
    }

    String peakText() {
        return peak == Double.NEGATIVE_INFINITY ? "–" : "%.4g".formatted(peak);
    }
}
