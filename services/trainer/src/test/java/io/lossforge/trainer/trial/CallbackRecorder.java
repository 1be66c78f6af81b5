package io.lossforge.trainer.trial;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on loopback standing in for the orchestrator's callback receiver (not yet part of
 * the code base): records every POST and can fail the first N result deliveries with 500.
 */
final class CallbackRecorder implements AutoCloseable {

    record Call(String path, String body) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    CallbackRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            boolean fail = path.endsWith("/result") && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            calls.add(new Call(path, body));
            exchange.sendResponseHeaders(fail ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    String baseUrl(String trialId) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/v1/trials/" + trialId;
    }

    void failNextResults(int count) {
        failuresLeft.set(count);
    }

    List<Call> calls(String suffix) {
        return calls.stream().filter(c -> c.path().endsWith(suffix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
