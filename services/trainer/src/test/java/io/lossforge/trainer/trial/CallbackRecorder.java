package io.lossforge.trainer.trial;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on loopback standing in for the orchestrator's internal port, where a trainer
 * configured with {@code lossforge.trainer.orchestrator-url} registers, beats and reports: records every
 * POST with its {@code Authorization} header, answers a registration as the orchestrator does (201 with an
 * id), and can fail the first N result deliveries of one trial with 500.
 */
final class CallbackRecorder implements AutoCloseable {

    /** The id it gives a registering trainer. */
    static final UUID TRAINER_ID = UUID.fromString("7c2e8f1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");

    record Call(String path, String authorization, String body) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    CallbackRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(path, exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (path.equals("/internal/v1/trainers")) {
                byte[] answer =
                        ("{\"id\": \"" + TRAINER_ID + "\", \"heartbeatSeconds\": 3}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, answer.length);
                exchange.getResponseBody().write(answer);
            } else {
                boolean fail = path.endsWith("/result")
                        && failuresLeft.getOrDefault(path, new AtomicInteger()).getAndUpdate(n -> Math.max(0, n - 1))
                                > 0;
                exchange.sendResponseHeaders(fail ? 500 : 204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    /** What a trainer is configured with as {@code lossforge.trainer.orchestrator-url}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where trial {@code trialId} reports to. */
    String trialUrl(String trialId) {
        return url() + "/internal/v1/trials/" + trialId;
    }

    /** The next {@code count} result deliveries of trial {@code trialId} (only) fail with 500. */
    void failNextResults(String trialId, int count) {
        failuresLeft.put("/internal/v1/trials/" + trialId + "/result", new AtomicInteger(count));
    }

    List<Call> calls(String suffix) {
        return calls.stream().filter(c -> c.path().endsWith(suffix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
