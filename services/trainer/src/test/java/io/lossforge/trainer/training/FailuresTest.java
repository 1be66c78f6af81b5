package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import io.lossforge.api.trial.FailureKind;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void memoryExhaustionIsOutOfMemoryWhereverItHappened() {
        assertThat(Failures.classify(new OutOfMemoryError("Java heap space"))).isEqualTo(FailureKind.OUT_OF_MEMORY);
        assertThat(Failures.classify(new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB")))
                .isEqualTo(FailureKind.OUT_OF_MEMORY);
        assertThat(Failures.classify(new Failures.LossFailure(
                        new EngineException("[enforce fail] DefaultCPUAllocator: not enough memory"))))
                .as("a loss that runs out of memory is not an invalid loss")
                .isEqualTo(FailureKind.OUT_OF_MEMORY);
    }

    @Test
    void aLossThatCannotBeEvaluatedIsInvalid() {
        assertThat(Failures.classify(new Failures.LossFailure(new IllegalArgumentException("shape mismatch"))))
                .isEqualTo(FailureKind.INVALID_LOSS);
    }

    @Test
    void aDatasetThatCannotBeLoadedIsUnavailable() {
        assertThat(Failures.classify(new Failures.DatasetUnavailable(
                        new UncheckedIOException(new java.io.IOException("connection refused")))))
                .isEqualTo(FailureKind.DATASET_UNAVAILABLE);
    }

    @Test
    void anythingElseIsAnEngineError() {
        assertThat(Failures.classify(new IllegalStateException("boom"))).isEqualTo(FailureKind.ENGINE_ERROR);
        assertThat(Failures.describe(new IllegalStateException("first\nsecond")))
                .isEqualTo("first");
    }
}
