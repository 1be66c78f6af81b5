package io.lossforge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import io.lossforge.api.search.GenerationView;
import io.lossforge.api.search.LeaderboardRow;
import io.lossforge.api.search.SearchPage;
import io.lossforge.api.search.SearchRequest;
import io.lossforge.api.search.SearchState;
import io.lossforge.api.search.SearchView;
import io.lossforge.api.trainer.AttemptPhase;
import io.lossforge.api.trainer.AttemptState;
import io.lossforge.api.trainer.HeartbeatAck;
import io.lossforge.api.trainer.TrainerHeartbeat;
import io.lossforge.api.trainer.TrainerRegistered;
import io.lossforge.api.trainer.TrainerRegistration;
import io.lossforge.api.trainer.TrainerView;
import io.lossforge.api.trial.CancelReason;
import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.FailureKind;
import io.lossforge.api.trial.TrialFailure;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialProgress;
import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.api.trial.TrialResultCallback;
import io.lossforge.api.trial.TrialState;
import io.lossforge.api.trial.TrialView;
import io.lossforge.loss.Reduction;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every wire record of libs/api against its schema in {@code api-spec/openapi.yaml}, both ways: the
 * record's components are exactly the schema's properties, with matching JSON types (records by their
 * schema name, enums by their values); components that cannot be null (primitives, {@code @NotNull},
 * {@code @NotBlank}) are required; and on request bodies every required, non-nullable property is one
 * the record refuses to miss. Enums and problem types match the document's values.
 */
class WireRecordsMatchTheSpecTest {

    private static final Map<String, Object> SCHEMAS = schemas();

    /** Record → schema name; requests are the bodies a service reads (required must be enforced). */
    private static final Map<Class<?>, String> RESPONSES = Map.ofEntries(
            Map.entry(TrialResult.class, "TrialResult"),
            Map.entry(EpochReport.class, "EpochReport"),
            Map.entry(TrialView.class, "TrialView"),
            Map.entry(TrialView.CallbackDelivery.class, "CallbackDelivery"),
            Map.entry(TrialProgress.class, "TrialProgress"),
            Map.entry(TrainerRegistered.class, "TrainerRegistered"),
            Map.entry(FieldError.class, "FieldError"),
            Map.entry(TrainerView.class, "TrainerView"),
            Map.entry(SearchView.class, "SearchView"),
            Map.entry(SearchView.Counts.class, "SearchCounts"),
            Map.entry(SearchView.Best.class, "SearchBest"),
            Map.entry(SearchPage.class, "SearchPage"),
            Map.entry(GenerationView.class, "GenerationView"),
            Map.entry(LeaderboardRow.class, "LeaderboardRow"),
            Map.entry(io.lossforge.api.search.StageSavings.class, "StageSavings"),
            Map.entry(io.lossforge.api.search.RungView.class, "RungView"),
            Map.entry(io.lossforge.api.search.CandidatePage.class, "CandidatePage"),
            Map.entry(io.lossforge.api.search.CandidateView.class, "CandidateView"),
            Map.entry(TrialFailure.class, "TrialFailure"),
            Map.entry(HeartbeatAck.class, "HeartbeatAck"),
            Map.entry(TrainerView.AttemptView.class, "AttemptView"),
            Map.entry(io.lossforge.api.study.StudyView.class, "StudyView"),
            Map.entry(io.lossforge.api.study.StudyView.LossEntry.class, "StudyLossEntry"),
            Map.entry(io.lossforge.api.study.StudyView.Progress.class, "StudyProgress"),
            Map.entry(io.lossforge.api.study.StudyCell.class, "StudyCell"),
            Map.entry(io.lossforge.api.study.BudgetRanking.class, "BudgetRanking"),
            Map.entry(io.lossforge.api.study.StudyPage.class, "StudyPage"),
            Map.entry(io.lossforge.api.study.StudyReport.class, "StudyReport"),
            Map.entry(io.lossforge.api.study.StudyReport.Column.class, "StudyReportColumn"),
            Map.entry(io.lossforge.api.study.StudyReport.Row.class, "StudyReportRow"));

    private static final Map<Class<?>, String> REQUESTS = Map.ofEntries(
            Map.entry(io.lossforge.api.study.StudyRequest.class, "StudyRequest"),
            Map.entry(io.lossforge.api.search.TransferSpec.class, "TransferSpec"),
            Map.entry(io.lossforge.api.study.StudyLoss.class, "StudyLoss"),
            Map.entry(io.lossforge.api.study.StudyLoss.TaskOverrides.class, "TaskOverrides"),
            Map.entry(TrainerHeartbeat.class, "TrainerHeartbeat"),
            Map.entry(TrainerHeartbeat.Attempt.class, "TrainerHeartbeatAttempt"),
            Map.entry(TrialRequest.class, "TrialRequest"),
            Map.entry(TrialResultCallback.class, "TrialResultCallback"),
            Map.entry(TrainerRegistration.class, "TrainerRegistration"),
            Map.entry(SearchRequest.class, "SearchRequest"),
            Map.entry(io.lossforge.api.search.ResumeRequest.class, "ResumeRequest"));
    /** Types shared from other modules, checked by their own modules' contract tests. */
    private static final Map<Class<?>, String> SHARED =
            Map.of(TaskSpec.class, "TaskSpec", SearchSpec.class, "SearchSpec");

    @TestFactory
    Stream<DynamicTest> everyWireRecordMatchesItsSchema() {
        List<Map.Entry<Class<?>, String>> all = new ArrayList<>(RESPONSES.entrySet());
        all.addAll(REQUESTS.entrySet());
        return all.stream()
                .map(e -> DynamicTest.dynamicTest(
                        e.getKey().getSimpleName() + " ~ " + e.getValue(),
                        () -> assertThat(findings(e.getKey(), e.getValue(), REQUESTS.containsKey(e.getKey())))
                                .isEmpty()));
    }

    @Test
    void enumsHaveTheDocumentedValues() {
        assertThat(enumValues("TrialOutcome")).isEqualTo(names(TrialOutcome.values()));
        assertThat(enumValues("TrialState")).isEqualTo(names(TrialState.values()));
        assertThat(enumValues("SearchState")).isEqualTo(names(SearchState.values()));
        assertThat(enumValues("StudyState")).isEqualTo(names(io.lossforge.api.study.StudyState.values()));
        assertThat(enumValues("StudyVerdict")).isEqualTo(names(io.lossforge.api.study.StudyVerdict.values()));
        assertThat(enumValues("FailureKind")).isEqualTo(names(FailureKind.values()));
        assertThat(enumValues("CancelReason")).isEqualTo(names(CancelReason.values()));
        assertThat(enumValues("AttemptState")).isEqualTo(names(AttemptState.values()));
        assertThat(enumValues("AttemptPhase")).isEqualTo(names(AttemptPhase.values()));
        assertThat(enumValues("TrainerState")).isEqualTo(names(io.lossforge.api.trainer.TrainerState.values()));
        List<String> reductions =
                Arrays.stream(Reduction.values()).map(Reduction::id).toList();
        assertThat(property("TrialRequest", "reduction").get("enum")).isEqualTo(reductions);
        assertThat(property("TrialView", "reduction").get("enum")).isEqualTo(reductions);
    }

    @Test
    void everyProblemTypeIsDocumentedWithItsTitleAndNoOtherIs() {
        Set<String> documented = new TreeSet<>();
        Map<String, String> titles = new java.util.HashMap<>();
        SCHEMAS.forEach((name, schema) -> {
            for (Object part : list(map(schema).getOrDefault("allOf", List.of()))) {
                Map<String, Object> properties = map(map(part).getOrDefault("properties", Map.of()));
                if (properties.get("type") instanceof Map<?, ?> type
                        && type.get("const") instanceof String uri
                        && uri.startsWith(ProblemType.PREFIX)) {
                    documented.add(uri);
                    if (properties.get("title") instanceof Map<?, ?> title) {
                        titles.put(uri, String.valueOf(title.get("const")));
                    }
                }
            }
        });
        Set<String> inCode = new TreeSet<>();
        for (ProblemType type : ProblemType.values()) {
            if (type != ProblemType.INTERNAL_ERROR) {
                inCode.add(type.uri().toString());
            }
            if (titles.containsKey(type.uri().toString())) {
                assertThat(titles.get(type.uri().toString()))
                        .as(type + " title")
                        .isEqualTo(type.title());
            }
        }
        assertThat(documented).isEqualTo(inCode);
        assertThat(String.valueOf(root().get("info")))
                .as("the error table documents every kind")
                .contains(Arrays.stream(ProblemType.values())
                        .map(t -> "`" + t.kind() + "` | " + t.status())
                        .toList());
    }

    private static List<String> findings(Class<?> record, String schemaName, boolean request) {
        List<String> out = new ArrayList<>();
        Map<String, Object> schema = map(SCHEMAS.get(schemaName));
        Map<String, Object> properties = map(schema.getOrDefault("properties", Map.of()));
        List<?> required = list(schema.getOrDefault("required", List.of()));
        Set<String> components = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            components.add(name);
            Object property = properties.get(name);
            if (property == null) {
                continue;
            }
            // Bean Validation annotations do not target record components: they land on the field.
            java.lang.reflect.Field field = field(record, name);
            boolean nonNull = component.getType().isPrimitive()
                    || field.isAnnotationPresent(NotNull.class)
                    || field.isAnnotationPresent(NotBlank.class);
            if (nonNull && !required.contains(name)) {
                out.add(name + " cannot be null in code but is not required in " + schemaName);
            }
            if (request && required.contains(name) && !nullable(property) && !nonNull) {
                out.add(name + " is required in " + schemaName + " but the record accepts it absent");
            }
            compareType(component.getGenericType(), property, schemaName + "." + name, out);
        }
        if (!components.equals(new TreeSet<>(properties.keySet()))) {
            out.add(record.getSimpleName() + " has " + components + ", " + schemaName + " documents "
                    + new TreeSet<>(properties.keySet()));
        }
        return out;
    }

    private static java.lang.reflect.Field field(Class<?> record, String name) {
        try {
            return record.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compareType(Type type, Object node, String where, List<String> out) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        Map<String, Object> schema = nonNull(node);
        if (raw.isPrimitive() && nullable(node)) {
            out.add(where + " is documented nullable but is a primitive " + raw);
        }
        if (schema.get("$ref") instanceof String ref) {
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            String expected = RESPONSES.containsKey(raw)
                    ? RESPONSES.get(raw)
                    : REQUESTS.containsKey(raw) ? REQUESTS.get(raw) : SHARED.get(raw);
            if (raw.isEnum()) {
                if (!enumValues(name).equals(names(raw.getEnumConstants()))) {
                    out.add(where + ": enum " + raw.getSimpleName() + " differs from " + name);
                }
            } else if (!name.equals(expected)) {
                out.add(where + " refers to " + name + " but is a " + raw.getSimpleName() + " in code");
            }
            return;
        }
        Set<String> types = new TreeSet<>();
        Object t = schema.get("type");
        if (t instanceof List<?> several) {
            several.forEach(x -> types.add(String.valueOf(x)));
        } else if (t != null) {
            types.add(String.valueOf(t));
        }
        types.remove("null");
        String json = jsonType(raw);
        if (!types.contains(json)) {
            out.add(where + ": " + raw.getSimpleName() + " is JSON " + json + ", documented " + types);
        } else if (Collection.class.isAssignableFrom(raw)) {
            compareType(((ParameterizedType) type).getActualTypeArguments()[0], schema.get("items"), where + "[]", out);
        }
    }

    private static String jsonType(Class<?> raw) {
        if (raw == String.class || raw == UUID.class || raw == Instant.class || raw.isEnum()) {
            return "string";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        return Collection.class.isAssignableFrom(raw) ? "array" : "object";
    }

    private static boolean nullable(Object node) {
        Map<String, Object> schema = map(node);
        return schema.get("type") instanceof List<?> types && types.contains("null")
                || schema.get("oneOf") instanceof List<?> alternatives
                        && alternatives.stream().anyMatch(a -> "null".equals(map(a).get("type")));
    }

    private static Map<String, Object> nonNull(Object node) {
        Map<String, Object> schema = map(node);
        if (schema.get("oneOf") instanceof List<?> alternatives) {
            List<?> real = alternatives.stream()
                    .filter(a -> !"null".equals(map(a).get("type")))
                    .toList();
            if (real.size() == 1) {
                return map(real.getFirst());
            }
        }
        return schema;
    }

    private static List<String> enumValues(String schema) {
        return list(map(SCHEMAS.get(schema)).get("enum")).stream()
                .map(String::valueOf)
                .toList();
    }

    private static Map<String, Object> property(String schema, String name) {
        return map(map(map(SCHEMAS.get(schema)).get("properties")).get(name));
    }

    private static List<String> names(Object[] constants) {
        return Arrays.stream(constants).map(c -> ((Enum<?>) c).name()).toList();
    }

    private static Map<String, Object> root() {
        try (Reader reader = Files.newBufferedReader(Path.of("../../api-spec/openapi.yaml"))) {
            return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> schemas() {
        return map(map(root().get("components")).get("schemas"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    private static List<?> list(Object node) {
        return (List<?>) node;
    }
}
