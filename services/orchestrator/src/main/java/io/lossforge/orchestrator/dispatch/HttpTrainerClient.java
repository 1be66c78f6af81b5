package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialView;
import io.lossforge.orchestrator.OrchestratorProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * {@link TrainerClient} over HTTP (the JDK client). Every call has connect and read timeouts, and every
 * failure is a value, never an exception that could stop the dispatch loop.
 */
@Component
class HttpTrainerClient implements TrainerClient {

    private final RestClient client;

    HttpTrainerClient(OrchestratorProperties properties) {
        Duration timeout = properties.dispatch().timeout();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        factory.setReadTimeout(timeout);
        RestClient.Builder builder = RestClient.builder().requestFactory(factory);
        String token = properties.security().internalToken();
        if (token != null) {
            // The trainers' trial API refuses every call without the shared token (docs/security.md).
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        this.client = builder.build();
    }

    @Override
    public Start start(String trainerUrl, TrialRequest request) {
        try {
            client.post()
                    .uri(trainerUrl + "/api/v1/trials")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(request)
                    .retrieve()
                    .toBodilessEntity();
            return new Start.Accepted();
        } catch (RestClientResponseException e) {
            HttpStatusCode status = e.getStatusCode();
            if (status.value() == 429) {
                String header = e.getResponseHeaders() == null
                        ? null
                        : e.getResponseHeaders().getFirst("Retry-After");
                return new Start.Busy(Duration.ofSeconds(header == null ? 5 : parseSeconds(header)));
            }
            String body = e.getResponseBodyAsString();
            if (status.value() == 503 && body.contains("shutting-down")) {
                return new Start.Draining();
            }
            if (status.is4xxClientError()) {
                // The trainer names the field it refused: the expression is the candidate's fault, any
                // other field means this trainer does not serve the task.
                boolean loss = body.contains("\"field\":\"expression\"");
                return new Start.Refused(loss, body);
            }
            return new Start.ServerError(status + " " + body);
        } catch (RestClientException e) {
            return new Start.Unreachable(e.getMessage(), !connectionRefused(e));
        }
    }

    /**
     * Whether the connection was refused, so the request cannot have arrived. The JDK client's
     * ConnectException is not the root cause (it wraps the channel's own exception), so the whole chain
     * is searched; looking only at the most specific cause took every refusal for "maybe received" and
     * left the trial leased until its lease ran out.
     */
    private static boolean connectionRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status status(String trainerUrl, String trialId) {
        try {
            TrialView trial = client.get()
                    .uri(trainerUrl + "/api/v1/trials/{id}", trialId)
                    .retrieve()
                    .body(TrialView.class);
            return trial == null ? new Status.Unknown() : new Status.Known(trial);
        } catch (RestClientResponseException e) {
            return e.getStatusCode().value() == 404 ? new Status.Unknown() : new Status.Unreachable();
        } catch (RestClientException e) {
            return new Status.Unreachable();
        }
    }

    /** A named thing the trainer lists (its datasets or models). */
    private record Named(String name, String id) {
        String key() {
            return name != null ? name : id;
        }
    }

    /** The names ({@code name} or {@code id} fields) of a trainer listing; empty when unreachable. */
    @Override
    public Optional<java.util.List<String>> names(String trainerUrl, String path) {
        try {
            Named[] listed = client.get().uri(trainerUrl + path).retrieve().body(Named[].class);
            return Optional.of(
                    listed == null
                            ? java.util.List.of()
                            : java.util.Arrays.stream(listed).map(Named::key).toList());
        } catch (RestClientException e) {
            return Optional.empty();
        }
    }

    private record Listed(String name, Integer classes) {}

    @Override
    public Optional<java.util.Map<String, Integer>> datasetClasses(String trainerUrl) {
        try {
            Listed[] listed =
                    client.get().uri(trainerUrl + "/api/v1/datasets").retrieve().body(Listed[].class);
            java.util.Map<String, Integer> out = new java.util.HashMap<>();
            if (listed != null) {
                for (Listed d : listed) {
                    if (d.name() != null && d.classes() != null) {
                        out.put(d.name(), d.classes());
                    }
                }
            }
            return Optional.of(out);
        } catch (RestClientException e) {
            return Optional.empty();
        }
    }

    @Override
    public void cancel(String trainerUrl, String trialId) {
        try {
            client.delete()
                    .uri(trainerUrl + "/api/v1/trials/{id}", trialId)
                    .retrieve()
                    .toBodilessEntity();
        } catch (RestClientException e) {
            // already ended, unknown or unreachable: nothing left to stop
        }
    }

    private static long parseSeconds(String header) {
        try {
            return Math.max(1, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 5;
        }
    }
}
