package io.lossforge.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lossforge.api.trial.TrialRequest;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.TestCredentials;
import io.lossforge.task.TaskSpec;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** How the dispatcher's HTTP client reads each answer a trainer can give to a start request. */
class HttpTrainerClientTest {

    private final TrainerClient client = new HttpTrainerClient(new OrchestratorProperties(
            Path.of("."),
            List.of(),
            new OrchestratorProperties.Database(true, 0),
            new OrchestratorProperties.Dispatch(Duration.ofMillis(200), Duration.ofMillis(500), 4, 8, null),
            new OrchestratorProperties.Liveness(
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(20),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(15),
                    Duration.ofHours(24)),
            new OrchestratorProperties.Quarantine(3, Duration.ofSeconds(30), Duration.ofMinutes(10)),
            new OrchestratorProperties.Security(List.of(), TestCredentials.INTERNAL_TOKEN, null, 0),
            new OrchestratorProperties.Limits(DataSize.ofMegabytes(1), 8)));

    private final TrialRequest request = new TrialRequest("t-1", "ce", null, TaskSpec.of("fashion-mnist", "mlp"));
    private HttpServer server;
    /** The {@code Authorization} header of every request the stand-in trainers received. */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** A trainer that answers every request with {@code status}, {@code body} after {@code delayMillis}. */
    private String trainerAnswering(int status, String body, long delayMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionIsKnownNotToHaveReachedTheTrainer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free once closed: nothing listens there
        }
        // Only a refused connection proves the trial never arrived, so it may go back to the queue at once
        // instead of waiting for a heartbeat to decide.
        assertThat(client.start("http://127.0.0.1:" + closedPort, request))
                .isInstanceOfSatisfying(
                        TrainerClient.Start.Unreachable.class,
                        u -> assertThat(u.maybeReceived()).isFalse());
    }

    @Test
    void aTimeoutMayHaveReachedTheTrainer() throws Exception {
        String url = trainerAnswering(202, "", 1_500);
        assertThat(client.start(url, request))
                .isInstanceOfSatisfying(
                        TrainerClient.Start.Unreachable.class,
                        u -> assertThat(u.maybeReceived()).isTrue());
    }

    @Test
    void eachAnswerIsItsOwnOutcome() throws Exception {
        assertThat(client.start(trainerAnswering(202, "", 0), request))
                .isInstanceOf(TrainerClient.Start.Accepted.class);
        stop();
        assertThat(client.start(trainerAnswering(429, "", 0), request))
                .isEqualTo(new TrainerClient.Start.Busy(Duration.ofSeconds(7)));
        stop();
        assertThat(client.start(
                        trainerAnswering(503, "{\"type\":\"urn:lossforge:problem:shutting-down\"}", 0), request))
                .isInstanceOf(TrainerClient.Start.Draining.class);
        stop();
        assertThat(client.start(trainerAnswering(500, "{\"type\":\"urn:lossforge:problem:internal\"}", 0), request))
                .isInstanceOf(TrainerClient.Start.ServerError.class);
        stop();
        // The field the trainer names decides whose fault it is: the loss (a result) or the task (this trainer).
        String loss = "{\"type\":\"urn:lossforge:problem:invalid-request\",\"errors\":[{\"field\":\"expression\"}]}";
        assertThat(client.start(trainerAnswering(400, loss, 0), request))
                .isInstanceOfSatisfying(
                        TrainerClient.Start.Refused.class,
                        r -> assertThat(r.invalidLoss()).isTrue());
        stop();
        String task = "{\"type\":\"urn:lossforge:problem:invalid-request\",\"errors\":[{\"field\":\"task.dataset\"}]}";
        assertThat(client.start(trainerAnswering(400, task, 0), request))
                .isInstanceOfSatisfying(
                        TrainerClient.Start.Refused.class,
                        r -> assertThat(r.invalidLoss()).isFalse());
        // The trainers' API admits only the internal token: every start request presents it.
        assertThat(authorizations).hasSize(6).containsOnly(TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN));
    }
}
