package io.lossforge.orchestrator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in trainer for API tests of the orchestrator alone: it accepts every trial (202), every cancel
 * (204) and knows no trial by GET (404), and records what it was sent ("POST /api/v1/trials", "DELETE
 * /api/v1/trials/{id}") and with which {@code Authorization} header. Tests register it with its
 * {@link #instanceId()} and post the trial reports themselves, as a trainer would, with that instance id
 * (the orchestrator accepts a report only from the trainer instance the attempt was leased to). The real
 * trainer runs in the end-to-end and fault tests.
 */
final class AcceptingTrainer implements AutoCloseable {

    private final HttpServer server;
    private final UUID instanceId;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    AcceptingTrainer() throws IOException {
        this(UUID.randomUUID());
    }

    /** A stand-in that registers and reports as the trainer process {@code instanceId}. */
    AcceptingTrainer(UUID instanceId) throws IOException {
        this.instanceId = instanceId;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            int status = switch (exchange.getRequestMethod()) {
                case "POST" -> 202;
                case "DELETE" -> 204;
                default -> 404;
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The instance id this stand-in registers and reports with. */
    UUID instanceId() {
        return instanceId;
    }

    /** Its registration body: URL, {@code slots} and instance id. */
    String registration(int slots) {
        return "{\"url\": \"" + url() + "\", \"slots\": " + slots + ", \"instanceId\": \"" + instanceId + "\"}";
    }

    /** A result report body ({@code TrialResultCallback}) from this trainer, with {@code result} as JSON. */
    String resultReport(String result) {
        return "{\"instanceId\": \"" + instanceId + "\", \"result\": " + result + "}";
    }

    List<String> received() {
        return List.copyOf(received);
    }

    /** The {@code Authorization} header of every request received ("null" when absent), in order. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
