package io.lossforge.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.TrialRequest;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.task.TaskSpec;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the dispatcher's client classifies a start request that reached no trainer. */
class TrainerClientTest {

    private final TrainerClient client = new TrainerClient(new OrchestratorProperties(
            Path.of("."),
            null,
            List.of(),
            new OrchestratorProperties.Database(true, 0),
            new OrchestratorProperties.Dispatch(
                    Duration.ofMillis(200),
                    Duration.ofSeconds(2),
                    3,
                    Duration.ofSeconds(60),
                    100,
                    Duration.ofSeconds(60))));

    @Test
    void aRefusedConnectionIsKnownNotToHaveReachedTheTrainer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free once closed: nothing listens there
        }
        TrialRequest request = new TrialRequest("t-1", "ce", null, TaskSpec.of("fashion-mnist", "mlp"), null);

        TrainerClient.Start answer = client.start("http://127.0.0.1:" + closedPort, request);

        // Only a refused connection proves the trial never arrived, so it may go back to the queue at once
        // instead of waiting for its lease to expire.
        assertThat(answer)
                .isInstanceOfSatisfying(
                        TrainerClient.Start.Unreachable.class,
                        unreachable -> assertThat(unreachable.maybeReceived()).isFalse());
    }
}
