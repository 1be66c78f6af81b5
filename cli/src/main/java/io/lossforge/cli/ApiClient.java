package io.lossforge.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ExitCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The orchestrator's REST API over HTTP, as the commands need it: GET and POST returning parsed JSON (or
 * text), and every failure turned into an {@link ApiException} that already holds the one line the user
 * sees. Refusals are RFC 9457 problem documents ({@code {type, title, status, detail, errors: [{field,
 * message}]}}), whose detail and field errors become that line.
 *
 * <p>Deliberately small: the CLI must not depend on the services, so it talks plain HTTP and reads the
 * responses as JSON trees rather than sharing the server's view records.
 */
final class ApiClient implements AutoCloseable {

    /** A stopped or unreachable orchestrator should fail fast, not hang a script. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Every endpoint answers from the database; 30 s means something is badly wrong. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    // Problems are served as application/problem+json, so every request must accept it as well.
    private static final String ACCEPT_JSON = "application/json, application/problem+json";
    private static final String ACCEPT_TEXT = "text/plain, text/markdown, text/csv, application/problem+json";

    private final String base;
    private final ApiKey apiKey;
    private final HttpClient http;

    /**
     * @param url    the orchestrator's base URL, e.g. {@code http://localhost:8080}; a path prefix is kept
     * @param apiKey sent as {@code Authorization: Bearer <key>} when present; its source names it in refusals
     */
    ApiClient(String url, ApiKey apiKey) {
        this.base = baseUrl(url);
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // Plain HTTP/1.1: an h2c upgrade attempt buys nothing for a few small requests.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The base URL as used, without a trailing slash. */
    String url() {
        return base;
    }

    /** {@code GET path} (absolute, with any query string), expecting JSON. */
    JsonNode get(String path) {
        return json("GET", path, request(path, ACCEPT_JSON).GET().build());
    }

    /** {@code POST path} with {@code body} as JSON, or with no body when null, expecting JSON. */
    JsonNode post(String path, JsonNode body) {
        HttpRequest.Builder request = request(path, ACCEPT_JSON);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            String text = Json.MAPPER.writeValueAsString(body);
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        }
        return json("POST", path, request.build());
    }

    /** {@code GET path}, expecting a text body (the loss export). */
    String getText(String path) {
        HttpResponse<String> response =
                send("GET", path, request(path, ACCEPT_TEXT).GET().build());
        if (isSuccess(response.statusCode())) {
            return response.body();
        }
        throw refused("GET", path, response.statusCode(), parse(response.body()));
    }

    /** {@code value} encoded for use as one path segment, so that ids and hashes cannot change the path. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", accept);
        // Bearer is the documented primary form; the orchestrator also reads X-API-Key, but sending both
        // would only add a way for them to disagree.
        if (apiKey.present()) {
            request.header("Authorization", "Bearer " + apiKey.secret());
        }
        return request;
    }

    private JsonNode json(String method, String path, HttpRequest request) {
        HttpResponse<String> response = send(method, path, request);
        JsonNode body = parse(response.body());
        if (!isSuccess(response.statusCode())) {
            throw refused(method, path, response.statusCode(), body);
        }
        if (body == null) {
            throw new ApiException(
                    LossForgeCli.SERVER_FAILED,
                    response.statusCode(),
                    null,
                    "the orchestrator at "
                            + base + " answered " + method + " " + path + " with something that is not JSON; is "
                            + base + " really the orchestrator?");
        }
        return body;
    }

    private HttpResponse<String> send(String method, String path, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw ApiException.unreachable(cannotReach("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s"));
        } catch (HttpTimeoutException e) {
            throw ApiException.unreachable("the orchestrator at " + base + " did not answer " + method + " " + path
                    + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            // The JDK reports both causes as a bare ConnectException; only the cause chain tells them apart.
            if (hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)) {
                throw ApiException.unreachable(
                        cannotReach("unknown host " + URI.create(base).getHost()));
            }
            String hint = isLocal() ? "; start it with ./lossforge up" : "";
            throw ApiException.unreachable(cannotReach("connection refused") + hint);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw ApiException.unreachable(cannotReach(reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unreachable("interrupted while waiting for the orchestrator at " + base);
        }
    }

    private String cannotReach(String reason) {
        return "cannot reach the orchestrator at " + base + " (" + reason + ")";
    }

    /** Whether the base URL names this machine, where "start it" is advice the user can follow. */
    private boolean isLocal() {
        String host = URI.create(base).getHost();
        try {
            return "localhost".equalsIgnoreCase(host)
                    || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private ApiException refused(String method, String path, int status, JsonNode body) {
        // 4xx: the request was wrong (the user can fix it), exit code 2 as for any input error; anything
        // else is the server's failure.
        boolean clientError = status >= 400 && status < 500;
        int exitCode = clientError ? ExitCode.USAGE : LossForgeCli.SERVER_FAILED;
        String message;
        String security = securityRefusal(method, path, status, body);
        if (security != null) {
            message = security;
        } else if (isProblem(body)) {
            message = clientError
                    ? problemMessage(body)
                    : "the orchestrator failed (HTTP " + status + "): " + problemMessage(body);
        } else {
            message = "the orchestrator at " + base + " answered " + method + " " + path + " with HTTP " + status;
        }
        return new ApiException(exitCode, status, body, message);
    }

    /**
     * The line for the refusals that are about who asks or how much, not about the request's fields: 401
     * (no key, or one the orchestrator does not know), 403 (the key's role may not do this), 413 (the body is
     * too large) and 429 (too many searches running for this key). Null for any other status.
     */
    private String securityRefusal(String method, String path, int status, JsonNode body) {
        String detail = isProblem(body) ? ": " + problemMessage(body) : "";
        return switch (status) {
            case 401 ->
                apiKey.present()
                        ? "the orchestrator refused the API key from " + apiKey.source() + " (401 unauthorized)"
                                + detail
                        : "the orchestrator wants an API key (401 unauthorized)" + detail + "; give --api-key, set "
                                + ApiKey.VARIABLE + " or put the key into " + apiKey.source()
                                + " (./lossforge up writes one there)";
            case 403 ->
                apiKey.present()
                        ? "the API key from " + apiKey.source() + " may not " + method + " " + path
                                + " (403 forbidden)" + detail + "; its role is too weak: a viewer key reads and "
                                + "evaluates losses, starting, cancelling and resuming searches needs an operator key"
                        : "the orchestrator refused " + method + " " + path + " (403 forbidden)" + detail;
            case 413, 429 ->
                "the orchestrator refused " + method + " " + path + " (" + status + " "
                        + lowerFirst(title(body, status == 413 ? "Request body too large" : "Too many requests"))
                        + ")" + detail;
            default -> null;
        };
    }

    private static String title(JsonNode body, String fallback) {
        return body != null && isText(body.get("title"))
                ? body.get("title").asString().strip()
                : fallback;
    }

    private static boolean isProblem(JsonNode body) {
        return body != null && body.isObject() && (isText(body.get("detail")) || isText(body.get("title")));
    }

    /**
     * The one line of a problem document: its detail, then its field errors joined with "; ". The
     * orchestrator's detail of an invalid search already is that list, so then the title leads instead,
     * e.g. "invalid request: task.batchSize must be between 1 and 4096; search.populationSize ...".
     */
    static String problemMessage(JsonNode problem) {
        String detail =
                isText(problem.get("detail")) ? problem.get("detail").asString().strip() : null;
        String title =
                isText(problem.get("title")) ? problem.get("title").asString().strip() : null;
        List<String> errors = new ArrayList<>();
        boolean allInDetail = detail != null;
        for (JsonNode error : problem.path("errors")) {
            String field = error.path("field").asString("").strip();
            String message = error.path("message").asString("").strip();
            String text = (field + " " + message).strip();
            if (!text.isEmpty()) {
                errors.add(text);
                allInDetail &= detail != null && detail.contains(field) && detail.contains(message);
            }
        }
        if (errors.isEmpty()) {
            return detail != null ? detail : title;
        }
        String lead = allInDetail || detail == null ? lowerFirst(title == null ? "Invalid request" : title) : detail;
        return lead + ": " + String.join("; ", errors);
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }

    private static boolean isText(JsonNode node) {
        return node != null && node.isString() && !node.asString().isBlank();
    }

    /** The body as JSON, or null when it is empty or not JSON (an HTML error page of a proxy, say). */
    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The base URL without a trailing slash; anything but an absolute http(s) URL is an input error. */
    private static String baseUrl(String url) {
        String text = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InputException("--url '" + text + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new InputException(
                    "--url must be an http:// or https:// URL such as http://localhost:8080, got '" + text + "'");
        }
        return text.replaceAll("/+$", "");
    }
}
