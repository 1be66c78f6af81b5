package io.lossforge.contract;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * The repository's REST contract, {@code api-spec/openapi.yaml}, read with SnakeYAML, and the checks the
 * contract test makes with it: documented operations per service ({@code x-service}), the Java types and
 * Bean Validation constraints of handlers against the documented schemas, and real JSON responses against
 * the documented schemas (JSON Schema 2020-12, validated by networknt's library, see {@link SpecSchemas}).
 * Every check returns its findings as sentences; an empty list means the contract holds.
 *
 * <p>The system property {@code lossforge.openapi} points the test at another file (to see it fail).
 */
public final class OpenApiDocument {

    public static final Path LOCATION = Path.of(System.getProperty(
                    "lossforge.openapi",
                    Path.of(System.getProperty("user.dir"))
                            .resolve("../../api-spec/openapi.yaml")
                            .toString()))
            .normalize();

    private static final List<String> METHODS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One documented operation: its upper-case HTTP method, path template, path item and definition. */
    public record Operation(String method, String path, Map<String, Object> pathItem, Map<String, Object> definition) {

        public String key() {
            return method + " " + path;
        }

        public String service() {
            return String.valueOf(definition.get("x-service"));
        }
    }

    private final Map<String, Object> root;
    private volatile SpecSchemas schemas;

    private OpenApiDocument(Map<String, Object> root) {
        this.root = root;
    }

    /** The repository's contract ({@link #LOCATION}). */
    public static OpenApiDocument load() {
        return load(LOCATION);
    }

    /** The contract at {@code file}, e.g. a mutated copy. */
    public static OpenApiDocument load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new OpenApiDocument(map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the REST contract " + file, e);
        }
    }

    /** A deep copy of this document with {@code change} applied to the copy's YAML tree. */
    public OpenApiDocument mutated(java.util.function.Consumer<Map<String, Object>> change) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> copy = map(yaml.load(yaml.dump(root)));
        change.accept(copy);
        return new OpenApiDocument(copy);
    }

    public Map<String, Object> root() {
        return root;
    }

    // ───────────────────────────── navigation ─────────────────────────────

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        map(root.get("paths")).forEach((path, item) -> {
            Map<String, Object> pathItem = map(item);
            for (String method : METHODS) {
                if (pathItem.containsKey(method)) {
                    operations.add(new Operation(method.toUpperCase(), path, pathItem, map(pathItem.get(method))));
                }
            }
        });
        return operations;
    }

    public List<Operation> operations(String service) {
        return operations().stream().filter(op -> op.service().equals(service)).toList();
    }

    /** The node a {@code $ref} points to (followed until it is no reference); other nodes unchanged. */
    public Object resolve(Object node) {
        Object current = node;
        for (int hops = 0; current instanceof Map<?, ?> m && m.get("$ref") instanceof String ref; hops++) {
            if (!ref.startsWith("#/") || hops > 20) {
                throw new IllegalArgumentException("unsupported or cyclic $ref " + ref);
            }
            Object target = root;
            for (String token : ref.substring(2).split("/")) {
                target = map(target).get(token.replace("~1", "/").replace("~0", "~"));
                if (target == null) {
                    throw new IllegalArgumentException("dangling $ref " + ref);
                }
            }
            current = target;
        }
        return current;
    }

    public Map<String, Object> resolved(Object node) {
        return map(resolve(node));
    }

    public Map<String, Object> schema(String name) {
        return resolved(map(map(root.get("components")).get("schemas")).get(name));
    }

    /** A property of a component schema, with a nullable alternative ({@code oneOf [X, null]}) removed. */
    public Map<String, Object> property(String schema, String property) {
        Object node = map(schema(schema).get("properties")).get(property);
        if (node == null) {
            throw new AssertionError("schema " + schema + " documents no property " + property);
        }
        return nonNull(node);
    }

    public Map<String, Object> responses(Operation operation) {
        return map(operation.definition().get("responses"));
    }

    /** The parameters of an operation: the path item's, overridden by the operation's (by name and place). */
    public List<Map<String, Object>> parameters(Operation operation) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Object list : new Object[] {
            operation.pathItem().get("parameters"), operation.definition().get("parameters")
        }) {
            for (Object parameter : list == null ? List.of() : list(list)) {
                Map<String, Object> p = resolved(parameter);
                byKey.put(p.get("in") + ":" + p.get("name"), p);
            }
        }
        return List.copyOf(byKey.values());
    }

    // ───────────────────── handlers against the document ─────────────────────

    /**
     * Compares a documented operation with the handler that serves it: path and query parameters (names,
     * required, defaults, types, constraints), the request body (presence, required, JSON schema against
     * the Java type and its Bean Validation constraints) and the success response (media types, schema
     * against the Java return type, or no content for {@code ResponseEntity<Void>}).
     */
    public List<String> compareWithHandler(Operation operation, RequestMappingInfo mapping, HandlerMethod handler) {
        List<String> out = new ArrayList<>();
        String where = operation.key();
        Map<String, Map<String, Object>> documentedPath = new LinkedHashMap<>();
        Map<String, Map<String, Object>> documentedQuery = new LinkedHashMap<>();
        for (Map<String, Object> p : parameters(operation)) {
            String name = String.valueOf(p.get("name"));
            switch (String.valueOf(p.get("in"))) {
                case "path" -> documentedPath.put(name, p);
                case "query" -> documentedQuery.put(name, p);
                default ->
                    out.add(where + ": parameter " + name + " in " + p.get("in") + " is not checked by this test");
            }
        }
        Set<String> codePath = new TreeSet<>();
        Set<String> codeQuery = new TreeSet<>();
        MethodParameter body = null;
        for (MethodParameter parameter : handler.getMethodParameters()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                body = parameter;
            } else if (pathVariable != null) {
                String name = pathVariable.name().isEmpty() ? parameter.getParameterName() : pathVariable.name();
                codePath.add(name);
                Map<String, Object> documented = documentedPath.get(name);
                if (documented != null) {
                    if (!Boolean.TRUE.equals(documented.get("required"))) {
                        out.add(where + ": path parameter " + name + " must be documented as required");
                    }
                    compareType(
                            ResolvableType.forMethodParameter(parameter),
                            documented.get("schema"),
                            where + " path " + name,
                            out);
                    compareConstraints(
                            parameter.getParameter(),
                            parameter.getParameterType(),
                            documented.get("schema"),
                            true,
                            where + " path " + name,
                            out);
                }
            } else if (requestParam != null) {
                String name = requestParam.name().isEmpty() ? parameter.getParameterName() : requestParam.name();
                codeQuery.add(name);
                Map<String, Object> documented = documentedQuery.get(name);
                if (documented != null) {
                    boolean hasDefault = !ValueConstants.DEFAULT_NONE.equals(requestParam.defaultValue());
                    boolean required = requestParam.required() && !hasDefault;
                    if (required != Boolean.TRUE.equals(documented.get("required"))) {
                        out.add(where + ": query parameter " + name + " is " + (required ? "" : "not ")
                                + "required in code but the document says otherwise");
                    }
                    Map<String, Object> schema = nonNull(documented.get("schema"));
                    if (hasDefault && !requestParam.defaultValue().equals(String.valueOf(schema.get("default")))) {
                        out.add(where + ": query parameter " + name + " defaults to " + requestParam.defaultValue()
                                + " in code, documented " + schema.get("default"));
                    }
                    compareType(
                            ResolvableType.forMethodParameter(parameter),
                            documented.get("schema"),
                            where + " query " + name,
                            out);
                    compareConstraints(
                            parameter.getParameter(),
                            parameter.getParameterType(),
                            documented.get("schema"),
                            required,
                            where + " query " + name,
                            out);
                }
            }
        }
        if (!codePath.equals(new TreeSet<>(documentedPath.keySet()))) {
            out.add(where + ": path parameters in code " + codePath + ", documented "
                    + new TreeSet<>(documentedPath.keySet()));
        }
        if (!codeQuery.equals(new TreeSet<>(documentedQuery.keySet()))) {
            out.add(where + ": query parameters in code " + codeQuery + ", documented "
                    + new TreeSet<>(documentedQuery.keySet()));
        }
        compareRequestBody(operation, body, out);
        compareSuccessResponse(operation, mapping, handler, out);
        return out;
    }

    private void compareRequestBody(Operation operation, MethodParameter body, List<String> out) {
        String where = operation.key() + " request body";
        Object documented = operation.definition().get("requestBody");
        if (body == null || documented == null) {
            if (body != null || documented != null) {
                out.add(where + (body == null ? " is documented but the handler takes none" : " is not documented"));
            }
            return;
        }
        Map<String, Object> requestBody = resolved(documented);
        boolean required = body.getParameterAnnotation(RequestBody.class).required();
        if (required != Boolean.TRUE.equals(requestBody.get("required"))) {
            out.add(where + ": required is " + required + " in code");
        }
        Map<String, Object> content = map(requestBody.get("content"));
        if (!content.keySet().equals(Set.of(MediaType.APPLICATION_JSON_VALUE))) {
            out.add(where + ": documented media types " + content.keySet() + ", the handler reads application/json");
            return;
        }
        compareType(
                ResolvableType.forMethodParameter(body),
                map(content.get(MediaType.APPLICATION_JSON_VALUE)).get("schema"),
                where,
                out);
    }

    private void compareSuccessResponse(
            Operation operation, RequestMappingInfo mapping, HandlerMethod handler, List<String> out) {
        List<String> success = responses(operation).keySet().stream()
                .filter(code -> code.startsWith("2"))
                .toList();
        if (success.size() != 1) {
            out.add(operation.key() + ": documents " + success.size() + " success responses; exactly one expected");
            return;
        }
        String where = operation.key() + " " + success.getFirst() + " response";
        Map<String, Object> response = resolved(responses(operation).get(success.getFirst()));
        ResolvableType returned = ResolvableType.forMethodParameter(handler.getReturnType());
        if (HttpEntity.class.isAssignableFrom(returned.toClass())) {
            returned = returned.as(HttpEntity.class).getGeneric(0);
        }
        Map<String, Object> content = response.get("content") == null ? Map.of() : map(response.get("content"));
        if (returned.toClass() == Void.class || returned.toClass() == void.class) {
            if (!content.isEmpty()) {
                out.add(where + ": documents content but the handler returns none");
            }
            return;
        }
        Set<String> produced = new TreeSet<>();
        mapping.getProducesCondition().getProducibleMediaTypes().forEach(type -> produced.add(type.toString()));
        if (produced.isEmpty()) {
            produced.add(MediaType.APPLICATION_JSON_VALUE);
        }
        if (!produced.equals(new TreeSet<>(content.keySet()))) {
            out.add(where + ": documented media types " + content.keySet() + ", the handler produces " + produced);
            return;
        }
        for (Object media : content.values()) {
            compareType(returned, map(media).get("schema"), where, out);
        }
    }

    /**
     * A Java type against a schema: the JSON type, formats of UUID and Instant, enum constants, array items,
     * map values and, for records, exactly the record's components as properties (recursively), with their
     * Bean Validation constraints.
     */
    public void compareType(ResolvableType type, Object schemaNode, String where, List<String> out) {
        Class<?> raw = type.toClass();
        if (raw == Object.class) {
            return;
        }
        boolean nullable = isNullable(schemaNode);
        Map<String, Object> schema = nonNull(schemaNode);
        if (raw.isPrimitive() && nullable) {
            out.add(where + ": documented nullable, but it is a primitive " + raw + " in code");
        }
        String expected = jsonType(raw);
        Set<String> documented = jsonTypes(schema);
        if (!documented.contains(expected)) {
            out.add(where + ": " + raw.getSimpleName() + " in code is JSON " + expected + ", documented " + documented);
            return;
        }
        if (raw == UUID.class && !"uuid".equals(schema.get("format"))) {
            out.add(where + ": a UUID in code should be documented with format uuid");
        }
        if (raw == Instant.class && !"date-time".equals(schema.get("format"))) {
            out.add(where + ": an Instant in code should be documented with format date-time");
        }
        if (raw.isEnum()) {
            Set<String> constants = new TreeSet<>();
            Arrays.stream(raw.getEnumConstants()).forEach(c -> constants.add(((Enum<?>) c).name()));
            Set<String> values = new TreeSet<>();
            (schema.get("enum") == null ? List.of() : list(schema.get("enum")))
                    .forEach(v -> values.add(String.valueOf(v)));
            if (!constants.equals(values)) {
                out.add(where + ": enum " + raw.getSimpleName() + " has " + constants + ", documented " + values);
            }
        } else if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            ResolvableType element = raw.isArray()
                    ? type.getComponentType()
                    : type.as(Collection.class).getGeneric(0);
            if (schema.get("items") == null) {
                out.add(where + ": array without documented items");
            } else {
                compareType(element, schema.get("items"), where + "[]", out);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            ResolvableType value = type.as(Map.class).getGeneric(1);
            if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
                compareType(value, values, where + "{}", out);
            }
        } else if (raw.isRecord()) {
            compareRecord(raw, schema, where, out);
        }
    }

    /** Records being compared up the stack: a recursive type (a task's further tasks) is compared once. */
    private final Set<Class<?>> comparing = new java.util.HashSet<>();

    private void compareRecord(Class<?> record, Map<String, Object> schema, String where, List<String> out) {
        if (!comparing.add(record)) {
            return;
        }
        try {
            compareRecordOnce(record, schema, where, out);
        } finally {
            comparing.remove(record);
        }
    }

    private void compareRecordOnce(Class<?> record, Map<String, Object> schema, String where, List<String> out) {
        Map<String, Object> properties = schema.get("properties") == null ? Map.of() : map(schema.get("properties"));
        Set<String> required = new LinkedHashSet<>();
        (schema.get("required") == null ? List.of() : list(schema.get("required")))
                .forEach(r -> required.add(String.valueOf(r)));
        Set<String> components = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            components.add(component.getName());
            Object property = properties.get(component.getName());
            if (property == null) {
                continue;
            }
            String at = where + "." + component.getName();
            compareType(ResolvableType.forType(component.getGenericType()), property, at, out);
            try {
                compareConstraints(
                        record.getDeclaredField(component.getName()),
                        component.getType(),
                        property,
                        required.contains(component.getName()),
                        at,
                        out);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!components.equals(new TreeSet<>(properties.keySet()))) {
            out.add(where + ": " + record.getSimpleName() + " has " + components + ", documented "
                    + new TreeSet<>(properties.keySet()));
        }
    }

    /** Bean Validation annotations of a field or parameter against the documented schema. */
    private void compareConstraints(
            AnnotatedElement element,
            Class<?> type,
            Object schemaNode,
            boolean required,
            String where,
            List<String> out) {
        Map<String, Object> schema = nonNull(schemaNode);
        boolean text = CharSequence.class.isAssignableFrom(type);
        boolean array = type.isArray() || Collection.class.isAssignableFrom(type);
        if ((element.isAnnotationPresent(NotNull.class)
                        || element.isAnnotationPresent(NotBlank.class)
                        || element.isAnnotationPresent(NotEmpty.class))
                && !required) {
            out.add(where + ": must not be null in code but is not documented as required");
        }
        if (element.isAnnotationPresent(NotBlank.class) && !(number(schema.get("minLength")) >= 1)) {
            out.add(where + ": @NotBlank in code, documented without minLength >= 1");
        }
        if (element.isAnnotationPresent(NotEmpty.class)
                && !(number(schema.get(text ? "minLength" : "minItems")) >= 1)) {
            out.add(where + ": @NotEmpty in code, documented without " + (text ? "minLength" : "minItems") + " >= 1");
        }
        Size size = element.getAnnotation(Size.class);
        if (size != null && (text || array)) {
            String min = text ? "minLength" : "minItems";
            String max = text ? "maxLength" : "maxItems";
            if (size.min() > 0 && number(schema.get(min)) != size.min()) {
                out.add(where + ": @Size(min = " + size.min() + ") in code, documented " + min + " " + schema.get(min));
            }
            if (size.max() != Integer.MAX_VALUE && number(schema.get(max)) != size.max()) {
                out.add(where + ": @Size(max = " + size.max() + ") in code, documented " + max + " " + schema.get(max));
            }
        }
        Min min = element.getAnnotation(Min.class);
        if (min != null && number(schema.get("minimum")) != min.value()) {
            out.add(where + ": @Min(" + min.value() + ") in code, documented minimum " + schema.get("minimum"));
        }
        Max max = element.getAnnotation(Max.class);
        if (max != null && number(schema.get("maximum")) != max.value()) {
            out.add(where + ": @Max(" + max.value() + ") in code, documented maximum " + schema.get("maximum"));
        }
        Pattern pattern = element.getAnnotation(Pattern.class);
        if (pattern != null) {
            String regexp = pattern.regexp();
            if (schema.get("enum") != null) {
                for (Object value : list(schema.get("enum"))) {
                    if (!String.valueOf(value).matches(regexp)) {
                        out.add(where + ": documented value " + value + " does not match @Pattern " + regexp);
                    }
                }
            } else if (!Set.of("^" + regexp + "$", "^(?:" + regexp + ")$", "^(" + regexp + ")$")
                    .contains(schema.get("pattern"))) {
                out.add(where + ": @Pattern(" + regexp + ") in code, documented pattern " + schema.get("pattern")
                        + " (expected ^" + regexp + "$ or an enum)");
            }
        }
    }

    private static String jsonType(Class<?> raw) {
        if (CharSequence.class.isAssignableFrom(raw) || raw == UUID.class || raw == Instant.class || raw.isEnum()) {
            return "string";
        }
        if (raw == int.class
                || raw == Integer.class
                || raw == long.class
                || raw == Long.class
                || raw == short.class
                || raw == Short.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            return "array";
        }
        if (raw.isRecord() || Map.class.isAssignableFrom(raw)) {
            return "object";
        }
        throw new IllegalArgumentException("no JSON type known for " + raw);
    }

    private static Set<String> jsonTypes(Map<String, Object> schema) {
        Set<String> types = new TreeSet<>();
        Object type = schema.get("type");
        if (type instanceof List<?> several) {
            several.forEach(t -> types.add(String.valueOf(t)));
        } else if (type != null) {
            types.add(String.valueOf(type));
        }
        types.remove("null");
        return types;
    }

    /** Whether a schema admits null: {@code type: [X, 'null']} or {@code oneOf: [X, {type: 'null'}]}. */
    private boolean isNullable(Object node) {
        Map<String, Object> schema = resolved(node);
        if (schema.get("type") instanceof List<?> types && types.contains("null")) {
            return true;
        }
        return schema.get("oneOf") instanceof List<?> alternatives
                && alternatives.stream().anyMatch(a -> "null".equals(resolved(a).get("type")));
    }

    /** The schema without its null alternative: {@code oneOf: [X, {type: 'null'}]} becomes X. */
    public Map<String, Object> nonNull(Object node) {
        Map<String, Object> schema = resolved(node);
        if (schema.get("oneOf") instanceof List<?> alternatives) {
            List<Map<String, Object>> real = alternatives.stream()
                    .map(this::resolved)
                    .filter(a -> !"null".equals(a.get("type")))
                    .toList();
            if (real.size() == 1) {
                return real.getFirst();
            }
        }
        return schema;
    }

    // ───────────────────────── JSON against the document ─────────────────────────

    /**
     * Validates a JSON value against the schema at {@code pointer} in this document (JSON Schema 2020-12,
     * by networknt's validator; see {@link SpecSchemas}), e.g. {@code /components/schemas/SearchView}.
     */
    public List<String> validate(JsonNode value, String pointer, String where) {
        SpecSchemas validator = schemas;
        if (validator == null) {
            schemas = validator = new SpecSchemas(root);
        }
        return validator.validate(value, pointer, where);
    }

    /** The JSON pointer of the schema of {@code operation}'s response {@code code} as {@code mediaType}. */
    public String responseSchemaPointer(Operation operation, String code, String mediaType) {
        Object response = responses(operation).get(code);
        String at = response instanceof Map<?, ?> m && m.get("$ref") instanceof String ref
                ? ref.substring(1)
                : operationPointer(operation) + "/responses/" + escape(code);
        return at + "/content/" + escape(mediaType) + "/schema";
    }

    /** The JSON pointer of the JSON schema of {@code operation}'s request body. */
    public String requestSchemaPointer(Operation operation) {
        Object body = operation.definition().get("requestBody");
        String at = body instanceof Map<?, ?> m && m.get("$ref") instanceof String ref
                ? ref.substring(1)
                : operationPointer(operation) + "/requestBody";
        return at + "/content/" + escape("application/json") + "/schema";
    }

    /** The documented response code (exact, range or default) that covers {@code status}, or null. */
    public String responseCode(Operation operation, int status) {
        Map<String, Object> responses = responses(operation);
        for (String code : List.of(Integer.toString(status), status / 100 + "XX", "default")) {
            if (responses.containsKey(code)) {
                return code;
            }
        }
        return null;
    }

    private static String operationPointer(Operation operation) {
        return "/paths/" + escape(operation.path()) + "/" + operation.method().toLowerCase();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    // ───────────────────────────── YAML values ─────────────────────────────

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a YAML mapping, found " + node);
        }
        return (Map<String, Object>) node;
    }

    public static List<?> list(Object node) {
        if (!(node instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a YAML sequence, found " + node);
        }
        return list;
    }

    /** A YAML number as a double; NaN when absent (so that no bound equals it). */
    public static double number(Object node) {
        return node instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
