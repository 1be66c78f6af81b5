package io.lossforge.trainer.trial;

import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.TrialProgress;
import io.lossforge.api.trial.TrialResultCallback;
import io.lossforge.trainer.TrainerProperties;
import jakarta.annotation.PreDestroy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reports to the configured orchestrator, and only to it ({@code lossforge.trainer.orchestrator-url}, the
 * orchestrator's internal port; no request can name another URL): {@code POST
 * <orchestrator>/internal/v1/trials/<id>/progress} after each epoch (one attempt; the next epoch
 * supersedes a lost one) and {@code .../result} at the end, with the internal token and this process's
 * instance id (the orchestrator accepts reports only from the trainer it leased the attempt to), retried with
 * exponential backoff until delivered or {@code maxAttempts} is reached. Every attempt has connect and
 * read timeouts; a result that could not be delivered stays readable by {@code GET}.
 */
@Component
class CallbackClient {

    private static final Logger log = LoggerFactory.getLogger(CallbackClient.class);

    private final TrainerProperties.Callback settings;
    private final RestClient client;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("callbacks").daemon().factory());

    private final String orchestrator;
    private final TrainerInstance instance;

    CallbackClient(TrainerProperties properties, TrainerInstance instance) {
        this.settings = properties.callback();
        this.instance = instance;
        this.orchestrator = properties.orchestratorUrl() == null
                ? null
                : properties.orchestratorUrl().toString().replaceAll("/+$", "");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(settings.timeout());
        this.client = instance.authorized(RestClient.builder().requestFactory(factory))
                .build();
    }

    /** Where trial {@code id} reports to; null without an orchestrator. */
    String urlOf(String id) {
        return orchestrator == null ? null : orchestrator + "/internal/v1/trials/" + id;
    }

    void progress(TrialRecord record, EpochReport epoch) {
        String url = record.callbackUrl();
        if (url == null) {
            return;
        }
        try {
            post(url + "/progress", new TrialProgress(record.id(), instance.id(), epoch));
        } catch (RuntimeException e) {
            log.debug("progress of trial {} not delivered: {}", record.id(), e.getMessage());
        }
    }

    /** Starts delivering the final result in the background; returns at once. */
    void deliver(TrialRecord record) {
        if (record.callbackUrl() != null) {
            retries.execute(() -> attempt(record));
        }
    }

    /**
     * Delivers the final result now, on the calling thread, retrying until {@code deadline}; the
     * graceful shutdown uses it so that a CANCELLED(SHUTDOWN) report is not lost with the process.
     */
    boolean deliverNow(TrialRecord record, java.time.Instant deadline) throws InterruptedException {
        int failed = 0;
        while (!record.delivery().delivered()) {
            int attempts = record.delivery().attempts() + 1;
            try {
                post(
                        record.callbackUrl() + "/result",
                        new TrialResultCallback(record.id(), instance.id(), record.result()));
                record.delivery(new TrialRecord.Delivery(attempts, true, false, null));
            } catch (RuntimeException e) {
                record.delivery(new TrialRecord.Delivery(attempts, false, false, e.getMessage()));
                long wait = backoff(++failed).toMillis();
                if (java.time.Instant.now().plusMillis(wait).isAfter(deadline)) {
                    log.warn("result of trial {} not delivered before shutdown: {}", record.id(), e.getMessage());
                    return false;
                }
                Thread.sleep(wait);
            }
        }
        return true;
    }

    private void attempt(TrialRecord record) {
        TrialRecord.Delivery before = record.delivery();
        int attempts = before.attempts() + 1;
        try {
            post(
                    record.callbackUrl() + "/result",
                    new TrialResultCallback(record.id(), instance.id(), record.result()));
            record.delivery(new TrialRecord.Delivery(attempts, true, false, null));
        } catch (RuntimeException e) {
            boolean abandon = attempts >= settings.maxAttempts();
            record.delivery(new TrialRecord.Delivery(attempts, false, abandon, e.getMessage()));
            if (abandon) {
                log.warn(
                        "result of trial {} not delivered after {} attempts: {}",
                        record.id(),
                        attempts,
                        e.getMessage());
            } else {
                retries.schedule(() -> attempt(record), backoff(attempts).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The wait after the given number of failed attempts: initial × 2^(attempts-1), capped. */
    Duration backoff(int failedAttempts) {
        long factor = 1L << Math.min(failedAttempts - 1, 30);
        Duration wait = settings.initialBackoff().multipliedBy(factor);
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private void post(String url, Object body) {
        client.post()
                .uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toBodilessEntity();
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
