package io.lossforge.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * A stand-in for the orchestrator: a real HTTP server on 127.0.0.1 (port 0) serving canned responses
 * and recording every request, so that tests see the CLI's actual HTTP traffic without depending on the
 * orchestrator's code.
 *
 * <p>Each route ({@code "GET /api/v1/searches/..."}, query string included when registered with one)
 * holds a sequence of responses: the n-th request gets the n-th, the last one repeats. A request that
 * matches no route gets a 404 problem, as Spring would answer.
 */
final class FakeOrchestrator implements AutoCloseable {

    /** One recorded request; {@code uri} is the path with its query string. */
    record Request(String method, String uri, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }

        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    private record Response(int status, String contentType, String body) {}

    private final HttpServer server;
    private final Map<String, List<Response>> routes = new ConcurrentHashMap<>();
    private final Map<String, Integer> served = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeOrchestrator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeOrchestrator start() {
        try {
            return new FakeOrchestrator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to pass as --url. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a response to the route's sequence. */
    FakeOrchestrator respond(String method, String uri, int status, String contentType, String body) {
        routes.computeIfAbsent(method + " " + uri, key -> new CopyOnWriteArrayList<>())
                .add(new Response(status, contentType, body));
        return this;
    }

    FakeOrchestrator json(String method, String uri, String body) {
        return respond(method, uri, 200, "application/json", body);
    }

    FakeOrchestrator problem(String method, String uri, int status, String body) {
        return respond(method, uri, status, "application/problem+json", body);
    }

    /** Every request received, in order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to one path (query string ignored). */
    List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(r ->
                        r.method().equals(method) && r.uri().split("\\?")[0].equals(path))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String uri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(method, uri, Map.copyOf(exchange.getRequestHeaders()), body));

        String key = method + " " + uri;
        if (!routes.containsKey(key)) {
            key = method + " " + exchange.getRequestURI().getRawPath();
        }
        List<Response> sequence = routes.get(key);
        Response response;
        if (sequence == null) {
            response = new Response(404, "application/problem+json", notFound(uri));
        } else {
            int n = served.merge(key, 1, Integer::sum) - 1;
            response = sequence.get(Math.min(n, sequence.size() - 1));
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Spring's answer to a path no handler maps: a framework problem without a LossForge type. */
    static String notFound(String uri) {
        return """
                {"type":"about:blank","title":"Not Found","status":404,"detail":"No static resource %s.",\
                "instance":"%s"}""".formatted(uri.substring(1), uri);
    }

    /** Helper for tests that need the arguments of a command plus --url. */
    String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--url");
        all.add(url());
        return all.toArray(String[]::new);
    }
}
