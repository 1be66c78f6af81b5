package io.lossforge.orchestrator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in trainer for API tests of the orchestrator alone: it accepts every trial (202), every cancel
 * (204) and knows no trial by GET (404), and records what it was sent ("POST /api/v1/trials", "DELETE
 * /api/v1/trials/{id}"). Tests post the trial callbacks themselves, as a trainer would. The real trainer
 * runs in the end-to-end and fault tests.
 */
final class AcceptingTrainer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    AcceptingTrainer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
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

    List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
