package io.lossforge.trainer.dataset;

import io.lossforge.dataset.DatasetInfo;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/datasets}: what this trainer can train on, and whether it is already local. */
@RestController
class DatasetController {

    private final DatasetService datasets;

    DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GetMapping("/api/v1/datasets")
    List<DatasetInfo> datasets() {
        return datasets.list();
    }
}
