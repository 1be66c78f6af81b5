package io.lossforge.trainer.trial;

import io.lossforge.api.trial.CancelReason;
import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.trainer.TrainerProperties;
import io.lossforge.trainer.training.TrainingProgress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The stub mode's trial: {@code steps} sleeps of {@code delay / steps} with progress after each, then a
 * fitness of {@code 0.5 + (h mod 1000) / 2000} with {@code h = sha256(expression|reduction|task)},
 * rounded to whole images of the task's {@code validationSamples} {@code n} (exact for the default 2,000):
 * {@code round(fitness × n)} of the {@code n} images are marked correct, which ones drawn by selection
 * sampling from a generator seeded with {@code h}, and the fitness reported is that count / {@code n}.
 * So the same loss and task give the same bits, and another loss other bits, as real training does.
 * DIVERGED when {@code h} is a multiple of 29; a configured failure for the configured share of trial ids.
 */
final class StubTraining {

    private final TrainerProperties.Stub stub;

    StubTraining(TrainerProperties.Stub stub) {
        this.stub = stub;
    }

    TrialResult run(TrialRecord record, TrainingProgress progress) throws InterruptedException {
        long start = System.nanoTime();
        long stepNanos = stub.delay().toNanos() / stub.steps();
        for (int step = 1; step <= stub.steps(); step++) {
            if (record.isCancelRequested()) {
                return TrialResult.cancelled(CancelReason.REQUESTED, List.of(), seconds(start));
            }
            // Step-wise, with nanoTime per step: time a SIGSTOP'd process stands still does not count twice.
            Thread.sleep(stepNanos / 1_000_000, (int) (stepNanos % 1_000_000));
            progress.trained(step, stub.steps(), 1);
        }
        if (stub.failure() != null && fraction(hash(record.id())) < stub.failureRate()) {
            return TrialResult.failed(stub.failure(), "stub failure " + stub.failure(), List.of(), seconds(start));
        }
        long hash = hash(InfixPrinter.print(record.loss().expression()) + "|"
                + record.loss().reduction().id() + "|" + record.task());
        if (hash % 29 == 0) {
            return new TrialResult(
                    TrialOutcome.DIVERGED,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    null,
                    seconds(start),
                    "stub divergence",
                    null,
                    null);
        }
        int images = record.task().validationSamples();
        CorrectnessBits correct = correct(hash, images, (int) Math.round((0.5 + (hash % 1000) / 2000.0) * images));
        double fitness = correct.accuracy();
        return new TrialResult(
                TrialOutcome.SUCCEEDED,
                fitness,
                1 - fitness,
                null,
                fitness,
                List.of(),
                null,
                seconds(start),
                null,
                null,
                null,
                images,
                correct.toBase64());
    }

    /** Exactly {@code count} of {@code images} marked, a uniform choice seeded with {@code hash} (Knuth's S). */
    static CorrectnessBits correct(long hash, int images, int count) {
        SplittableRandom random = new SplittableRandom(hash);
        boolean[] bits = new boolean[images];
        int needed = count;
        for (int i = 0; i < images && needed > 0; i++) {
            if (random.nextInt(images - i) < needed) {
                bits[i] = true;
                needed--;
            }
        }
        return CorrectnessBits.of(bits);
    }

    private static double fraction(long hash) {
        return (hash % 10_000) / 10_000.0;
    }

    /** A non-negative long from the first bytes of SHA-256: stable across JVMs, unlike hashCode. */
    static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Long.parseUnsignedLong(HexFormat.of().formatHex(digest, 0, 7), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
