package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.lossforge.trainer.model.ModelKind;
import org.junit.jupiter.api.Test;

/** Our Adam takes exactly the steps of DJL's Adam (same fused update), only its state is freed. */
class TrialAdamTest {

    @Test
    void followsDjlAdamStepForStep() {
        float[] ours = train(() -> new TrialAdam(Tracker.fixed(1e-2f), 1e-3f));
        float[] djl = train(() -> Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(1e-2f))
                .optWeightDecays(1e-3f)
                .build());
        assertThat(ours).hasSameSizeAs(djl);
        for (int i = 0; i < ours.length; i++) {
            assertThat(ours[i]).isCloseTo(djl[i], within(1e-6f));
        }
        assertThat(ours[0]).isNotEqualTo(ours[ours.length - 1]); // it did train
    }

    private static float[] train(java.util.function.Supplier<Optimizer> optimizer) {
        Optimizer chosen = optimizer.get();
        float[] losses = new float[20];
        try (Model model = Model.newInstance("adam");
                NDManager data = NDManager.newBaseManager()) {
            model.setBlock(ModelKind.MLP.build(10));
            try (Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(chosen))) {
                Engine.getInstance().setRandomSeed(3);
                trainer.initialize(new Shape(32, 1, 28, 28));
                Engine.getInstance().setRandomSeed(4);
                NDArray x = data.randomUniform(0, 1, new Shape(32, 1, 28, 28));
                NDArray y = data.randomInteger(0, 10, new Shape(32), DataType.INT64);
                for (int step = 0; step < losses.length; step++) {
                    losses[step] = Autograd.record(collector -> {
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                        collector.backward(loss);
                        return loss.getFloat();
                    });
                    trainer.step();
                }
            }
        } finally {
            if (chosen instanceof TrialAdam adam) {
                adam.close();
            }
        }
        return losses;
    }
}
