package io.lossforge.trainer.model;

import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/models}: the model families a task may name. */
@RestController
class ModelController {

    record ModelView(String id, String description) {}

    @GetMapping("/api/v1/models")
    List<ModelView> models() {
        return Arrays.stream(ModelKind.values())
                .map(kind -> new ModelView(kind.id(), kind.description()))
                .toList();
    }
}
