package io.lossforge.contract;

import io.lossforge.contract.OpenApiDocument.Operation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corpus of malformed requests generated from {@code api-spec/openapi.yaml}: for every operation of a
 * service ({@code x-service}) and every part of it the document describes — the request body's schema field
 * by field, each path and query parameter — requests that are wrong in one way each (unreadable or truncated
 * JSON, wrong types, missing required fields, numbers beyond any range, "NaN" strings, deep nesting, unknown
 * enum values, bodies above the size limit, invalid UTF-8, lone surrogates, wrong media types, garbage ids).
 * A new operation or field in the document is covered without touching this class.
 *
 * <p>The base each body mutation starts from is the operation's first documented example, or else a sample
 * built from its schema (required fields only), so that the mutation is the request's only defect. Values
 * named {@code ...Id} are fresh per request, so that one request never conflicts with an earlier one.
 *
 * <p>Test support for both services' {@code MalformedCorpusTest} (this module is a test-scope dependency of
 * each), like {@link ContractChecks}.
 */
public final class MalformedCorpus {

    /** One malformed request. {@code body} null: none; {@code contentType} null: no such header. */
    public record Probe(
            String kind,
            Operation operation,
            String method,
            String path,
            String contentType,
            byte[] body,
            boolean chunked,
            String what) {

        @Override
        public String toString() {
            return kind + " " + method + " " + abbreviate(path, 100) + " (" + what + ")";
        }
    }

    /** What the service answered; {@code status} -1 when it did not answer (the failure says why). */
    public record Answer(Probe probe, int status, String contentType, String body, String failure) {

        public boolean problemJson() {
            return contentType != null && contentType.toLowerCase().startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " <- " + probe + (failure == null ? "" : " FAILED: " + failure)
                    + (body == null || body.isEmpty() ? "" : "\n      " + abbreviate(body, 300));
        }
    }

    /** The statuses a malformed request should get. */
    public static final Set<Integer> REFUSALS = Set.of(400, 404, 413, 415);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stands in a serialized body for bytes no JSON tree can hold (raw invalid UTF-8, bare NaN, 1e309). */
    private static final String RAW = "@@corpus-raw@@";

    private static final int DEEP = 10_000;
    private static final int MAX_FIELD_DEPTH = 5;

    private final OpenApiDocument spec;
    private final long maxBody;
    private final AtomicLong ids = new AtomicLong();

    public MalformedCorpus(OpenApiDocument spec, long maxBody) {
        this.spec = spec;
        this.maxBody = maxBody;
    }

    // ───────────────────────────── generation ─────────────────────────────

    /** Every probe for every operation of {@code service}. */
    public List<Probe> generate(String service) {
        List<Probe> probes = new ArrayList<>();
        for (Operation operation : spec.operations(service)) {
            probes.addAll(forOperation(operation));
        }
        return probes;
    }

    /**
     * The valid request of every operation of {@code service}: valid parameters (random, so unknown, ids) and
     * the unmutated base body. Each must pass validation (a 2xx, or a 404 of LossForge's for the unknown id):
     * the control showing that a mutation's refusal is due to the mutation.
     */
    public List<Probe> controls(String service) {
        List<Probe> probes = new ArrayList<>();
        for (Operation operation : spec.operations(service)) {
            Generator g = new Generator(operation);
            byte[] body = null;
            if (operation.definition().get("requestBody") != null) {
                Map<String, Object> media = g.media();
                body = JSON.writeValueAsBytes(fresh(base(media, spec.nonNull(media.get("schema")))));
            }
            probes.add(new Probe(
                    "control",
                    operation,
                    operation.method(),
                    g.path(),
                    body == null ? null : "application/json",
                    body,
                    false,
                    "valid"));
        }
        return probes;
    }

    public List<Probe> forOperation(Operation operation) {
        Generator g = new Generator(operation);
        g.pathParameters();
        g.queryParameters();
        g.pathSuffixes();
        if (operation.definition().get("requestBody") != null) {
            g.bodies();
        }
        return g.probes;
    }

    /** One field of a body schema: its JSON path and schema, and the schemas of its containers from the root. */
    private record Field(
            List<Object> path, Map<String, Object> schema, boolean required, List<Map<String, Object>> chain) {

        String name() {
            StringBuilder out = new StringBuilder();
            for (Object token : path) {
                if (token instanceof Integer i) {
                    out.append('[').append(i).append(']');
                } else {
                    out.append(out.isEmpty() ? "" : ".").append(token);
                }
            }
            return out.toString();
        }

        Set<String> types() {
            Set<String> types = new TreeSet<>();
            Object type = schema.get("type");
            if (type instanceof List<?> several) {
                several.forEach(t -> types.add(String.valueOf(t)));
            } else if (type != null) {
                types.add(String.valueOf(type));
            } else if (schema.get("enum") != null) {
                types.add("string");
            } else if (schema.get("properties") != null) {
                types.add("object");
            }
            types.remove("null");
            return types;
        }
    }

    private final class Generator {

        final Operation operation;
        final List<Probe> probes = new ArrayList<>();
        final List<Map<String, Object>> pathParameters = new ArrayList<>();
        final List<Map<String, Object>> queryParameters = new ArrayList<>();

        Generator(Operation operation) {
            this.operation = operation;
            for (Map<String, Object> p : spec.parameters(operation)) {
                switch (String.valueOf(p.get("in"))) {
                    case "path" -> pathParameters.add(p);
                    case "query" -> queryParameters.add(p);
                    default -> {} // headers and cookies: none documented
                }
            }
        }

        // ── paths and queries ──

        /** The operation's path with valid parameter values, {@code override} replacing some (already encoded). */
        String path(Map<String, String> pathOverride, Map<String, String> queryOverride, Set<String> dropQuery) {
            String path = operation.path();
            for (Map<String, Object> p : pathParameters) {
                String name = String.valueOf(p.get("name"));
                String value = pathOverride.containsKey(name) ? pathOverride.get(name) : validParameter(p);
                path = path.replace("{" + name + "}", value);
            }
            List<String> query = new ArrayList<>();
            for (Map<String, Object> p : queryParameters) {
                String name = String.valueOf(p.get("name"));
                if (dropQuery.contains(name)) {
                    continue;
                }
                if (queryOverride.containsKey(name)) {
                    query.add(name + "=" + queryOverride.get(name));
                } else if (Boolean.TRUE.equals(p.get("required"))) {
                    query.add(name + "=" + validParameter(p));
                }
            }
            return query.isEmpty() ? path : path + "?" + String.join("&", query);
        }

        String path() {
            return path(Map.of(), Map.of(), Set.of());
        }

        void add(String kind, String path, String what) {
            probes.add(new Probe(kind, operation, operation.method(), path, null, null, false, what));
        }

        void pathParameters() {
            for (Map<String, Object> p : pathParameters) {
                String name = String.valueOf(p.get("name"));
                Map<String, String> garbage = new LinkedHashMap<>();
                garbage.put("not a UUID", "not-a-uuid");
                garbage.put("almost a UUID", "00000000-0000-0000-0000-00000000000g");
                garbage.put("10 kB id", "a".repeat(10_000));
                garbage.put("percent-encoded NUL", "%00");
                garbage.put("percent-encoded invalid UTF-8", "%C3%28");
                garbage.put("percent-encoded 0xFF 0xFE", "%FF%FE");
                garbage.put("percent-encoded slash", "a%2Fb");
                garbage.put("double-encoded slash", "a%252Fb");
                garbage.put("percent-encoded CR LF", "x%0D%0AX-Injected:%201");
                garbage.put("percent-encoded markup", "%3Cscript%3Ealert(1)%3C%2Fscript%3E");
                garbage.put("percent-encoded right-to-left override", "%E2%80%AEdi");
                garbage.put("..", "..");
                garbage.put("percent-encoded ..", "%2e%2e");
                garbage.put("../ up to /internal", "..%2F..%2F..%2Finternal%2Fv1%2Ftrainers");
                garbage.put("matrix parameter", "x;jsessionid=1");
                garbage.put("blank", "%20");
                garbage.forEach((what, value) ->
                        add("path-param", path(Map.of(name, value), Map.of(), Set.of()), name + ": " + what));
            }
        }

        void queryParameters() {
            for (Map<String, Object> p : queryParameters) {
                String name = String.valueOf(p.get("name"));
                Map<String, Object> schema = spec.nonNull(p.get("schema"));
                Map<String, String> garbage = new LinkedHashMap<>();
                String type = String.valueOf(schema.get("type"));
                if (type.equals("integer") || type.equals("number")) {
                    garbage.put("not a number", "abc");
                    garbage.put("negative", "-1");
                    garbage.put("huge integer", "99999999999999999999");
                    garbage.put("1e309", "1e309");
                    garbage.put("NaN", "NaN");
                    garbage.put("Infinity", "Infinity");
                    if (type.equals("integer")) {
                        garbage.put("fraction", "1.5");
                    }
                    // Not "two values" (?page=1&page=2): the contract does not call a repeated parameter
                    // malformed, and Spring reads the first, as most servers do.
                } else if (schema.get("enum") != null) {
                    garbage.put("unknown enum value", "no-such-value");
                    garbage.put("percent-encoded NUL", "%00");
                    garbage.put("percent-encoded invalid UTF-8", "%C3%28");
                } else if (number(schema.get("minLength")) >= 1) {
                    garbage.put("blank", "%20%20");
                }
                garbage.forEach((what, value) ->
                        add("query-param", path(Map.of(), Map.of(name, value), Set.of()), name + ": " + what));
                if (Boolean.TRUE.equals(p.get("required"))) {
                    add("query-param", path(Map.of(), Map.of(), Set.of(name)), name + ": missing");
                    add("query-param", path(Map.of(), Map.of(name, ""), Set.of()), name + ": empty");
                }
            }
        }

        /** Trailing garbage after the operation's path: every operation, bodies or not, gets some probes. */
        void pathSuffixes() {
            String path = path(Map.of(), Map.of(), Set.of());
            int query = path.indexOf('?');
            String bare = query < 0 ? path : path.substring(0, query);
            String rest = query < 0 ? "" : path.substring(query);
            add("path-suffix", bare + "/%00" + rest, "/%00 appended");
            add("path-suffix", bare + "/%C3%28" + rest, "/%C3%28 appended");
            add("path-suffix", bare + "/x%2F..%2F.." + rest, "/x%2F..%2F.. appended");
        }

        // ── bodies ──

        Map<String, Object> media() {
            Map<String, Object> requestBody =
                    spec.resolved(operation.definition().get("requestBody"));
            return OpenApiDocument.map(
                    OpenApiDocument.map(requestBody.get("content")).get("application/json"));
        }

        void bodies() {
            Map<String, Object> requestBody =
                    spec.resolved(operation.definition().get("requestBody"));
            Map<String, Object> media = media();
            Map<String, Object> schema = spec.nonNull(media.get("schema"));
            boolean required = Boolean.TRUE.equals(requestBody.get("required"));
            Supplier<JsonNode> base = () -> fresh(base(media, schema));
            String path = path();

            // Unreadable as JSON.
            String text = JSON.writeValueAsString(base.get());
            body("truncated", path, text.substring(0, text.length() / 2), "cut at half");
            body("truncated", path, text.substring(0, text.length() - 1), "last character cut");
            body("not-json", path, "this is not JSON", "prose");
            body("not-json", path, "{'single': 'quotes'}", "single quotes");
            body("not-json", path, text.substring(0, text.length() - 1) + ",}", "trailing comma");
            body("not-json", path, "/* comment */ " + text, "a comment");
            body("not-json", path, text + " {}", "a second value after the first");
            body("not-json", path, "<request/>", "XML");
            // Readable, but not an object.
            for (String top : List.of("[]", "[" + text + "]", "42", "\"a string\"", "true")) {
                body("wrong-top-level", path, top, top.length() > 20 ? "the body in an array" : top);
            }
            if (required) {
                body("empty-body", path, "", "no bytes");
                body("empty-body", path, "null", "null");
                body("empty-body", path, "   ", "whitespace only");
            }
            // Deep nesting, whole body and in the first property.
            body("deep-nesting", path, "[".repeat(DEEP) + "]".repeat(DEEP), DEEP + " nested arrays");
            body("deep-nesting", path, "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP), DEEP + " nested objects");

            List<Field> fields = new ArrayList<>();
            walk(schema, new ArrayList<>(), true, new ArrayList<>(List.of(schema)), fields, 0);
            if (!fields.isEmpty()) {
                Field first = fields.getFirst();
                raw(
                        "deep-nesting",
                        path,
                        base.get(),
                        first,
                        "[".repeat(DEEP) + "]".repeat(DEEP),
                        first.name() + " = " + DEEP + " nested arrays");
            }
            for (Field field : fields) {
                fieldMutations(path, base, field);
            }

            // Above the size limit, declared and chunked.
            ObjectNode padded = base.get() instanceof ObjectNode o ? o : NODES.objectNode();
            padded.put("padding", "a".repeat((int) maxBody + 1024));
            byte[] big = JSON.writeValueAsBytes(padded);
            probes.add(new Probe(
                    "oversized",
                    operation,
                    operation.method(),
                    path,
                    "application/json",
                    big,
                    false,
                    big.length + " bytes with Content-Length"));
            probes.add(new Probe(
                    "oversized",
                    operation,
                    operation.method(),
                    path,
                    "application/json",
                    big,
                    true,
                    big.length + " bytes chunked"));

            // Bytes that are no UTF-8 (or UTF-8 of surrogates), and the body's media type.
            bytes(
                    "invalid-utf8",
                    path,
                    cat(utf8("{\"x\": \""), new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("\"}")),
                    "0xFF 0xFE in a string");
            bytes(
                    "invalid-utf8",
                    path,
                    cat(new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8(text)),
                    "0xFF 0xFE before the body");
            bytes(
                    "invalid-utf8",
                    path,
                    cat(utf8(text.substring(0, text.length() - 1)), new byte[] {(byte) 0xE2, (byte) 0x82}),
                    "a multi-byte sequence cut at the end");
            bytes(
                    "lone-surrogate",
                    path,
                    utf8("{\"\\ud800\": 1" + (text.equals("{}") ? "}" : ", " + text.substring(1))),
                    "a field named \\ud800");
            for (String type : List.of(
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x")) {
                probes.add(new Probe(
                        "wrong-content-type",
                        operation,
                        operation.method(),
                        path,
                        type,
                        text.getBytes(StandardCharsets.UTF_8),
                        false,
                        type));
            }
            probes.add(new Probe(
                    "wrong-content-type",
                    operation,
                    operation.method(),
                    path,
                    null,
                    text.getBytes(StandardCharsets.UTF_8),
                    false,
                    "no Content-Type"));
        }

        private void fieldMutations(String path, Supplier<JsonNode> base, Field field) {
            String name = field.name();
            Set<String> types = field.types();
            if (field.required()) {
                probes.add(json("missing-field", path, remove(base.get(), field), name + " missing"));
                probes.add(json("missing-field", path, set(base.get(), field, NODES.nullNode()), name + " null"));
            }
            Map<String, JsonNode> wrong = new LinkedHashMap<>();
            if (!types.contains("string")) {
                wrong.put("a string", NODES.stringNode("abc"));
            }
            if (!types.contains("integer") && !types.contains("number")) {
                wrong.put("a number", NODES.numberNode(12345));
            }
            if (!types.contains("boolean")) {
                wrong.put("a boolean", NODES.booleanNode(true));
            }
            if (!types.contains("object")) {
                wrong.put("an object", NODES.objectNode().put("a", 1));
            }
            if (!types.contains("array")) {
                wrong.put("an array", NODES.arrayNode().add("x"));
            }
            if (types.contains("integer") && !types.contains("number")) {
                wrong.put("a fraction", NODES.numberNode(1.5));
                wrong.put("a numeric string", NODES.stringNode("12"));
            }
            if (types.contains("boolean")) {
                wrong.put("the string \"true\"", NODES.stringNode("true"));
            }
            wrong.forEach((what, value) ->
                    probes.add(json("wrong-type", path, set(base.get(), field, value), name + " = " + what)));

            if (types.contains("integer") || types.contains("number")) {
                // 1e309 is beyond any double; 99999999999999999999 beyond any long, but an ordinary double, so
                // it is malformed for a number only beyond a documented bound.
                boolean integer = !types.contains("number");
                List<String> huge = new ArrayList<>(List.of("1e309", "-1e309"));
                if (integer || field.schema().get("maximum") != null) {
                    huge.add("99999999999999999999");
                }
                if (integer
                        || field.schema().get("minimum") != null
                        || field.schema().get("exclusiveMinimum") != null) {
                    huge.add("-99999999999999999999");
                }
                for (String number : huge) {
                    raw("huge-number", path, base.get(), field, number, name + " = " + number);
                }
                for (String nan : List.of("NaN", "Infinity", "-Infinity")) {
                    probes.add(json(
                            "nan-string",
                            path,
                            set(base.get(), field, NODES.stringNode(nan)),
                            name + " = \"" + nan + "\""));
                }
                raw("nan-string", path, base.get(), field, "NaN", name + " = NaN (bare token)");
            }
            if (field.schema().get("enum") instanceof List<?> values) {
                probes.add(json(
                        "unknown-enum",
                        path,
                        set(base.get(), field, NODES.stringNode("NO_SUCH_VALUE")),
                        name + " = NO_SUCH_VALUE"));
                probes.add(json(
                        "unknown-enum",
                        path,
                        set(base.get(), field, NODES.stringNode(values.getFirst() + "\u0000")),
                        name + " = " + values.getFirst() + "\\u0000"));
            }
            if (types.contains("string")) {
                // Raw bytes inside the string: a bad continuation byte, and UTF-8-encoded surrogates (CESU-8).
                rawBytes(
                        "invalid-utf8",
                        path,
                        base.get(),
                        field,
                        new byte[] {'"', 'a', (byte) 0xC3, (byte) 0x28, '"'},
                        name + " with 0xC3 0x28");
                rawBytes(
                        "invalid-utf8",
                        path,
                        base.get(),
                        field,
                        new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                        name + " with an encoded surrogate");
                raw("lone-surrogate", path, base.get(), field, "\"\\ud800\"", name + " = \\ud800");
                raw("lone-surrogate", path, base.get(), field, "\"x\\udc00y\"", name + " = x\\udc00y");
            }
        }

        // ── building requests ──

        private void body(String kind, String path, String text, String what) {
            bytes(kind, path, text.getBytes(StandardCharsets.UTF_8), what);
        }

        private void bytes(String kind, String path, byte[] body, String what) {
            probes.add(new Probe(kind, operation, operation.method(), path, "application/json", body, false, what));
        }

        private Probe json(String kind, String path, JsonNode body, String what) {
            return new Probe(
                    kind,
                    operation,
                    operation.method(),
                    path,
                    "application/json",
                    JSON.writeValueAsBytes(body),
                    false,
                    what);
        }

        /** The base with {@code field} replaced by {@code token}, text that no JSON tree holds (1e309, NaN). */
        private void raw(String kind, String path, JsonNode base, Field field, String token, String what) {
            rawBytes(kind, path, base, field, token.getBytes(StandardCharsets.UTF_8), what);
        }

        private void rawBytes(String kind, String path, JsonNode base, Field field, byte[] token, String what) {
            byte[] serialized = JSON.writeValueAsBytes(set(base, field, NODES.stringNode(RAW)));
            byte[] marker = ("\"" + RAW + "\"").getBytes(StandardCharsets.UTF_8);
            bytes(kind, path, replace(serialized, marker, token), what);
        }
    }

    // ───────────────────────────── schemas and trees ─────────────────────────────

    /** Collects the fields of {@code schema} (properties of objects, the first item of arrays), depth first. */
    private void walk(
            Map<String, Object> schema,
            List<Object> path,
            boolean required,
            List<Map<String, Object>> chain,
            List<Field> out,
            int depth) {
        if (!path.isEmpty()) {
            out.add(new Field(List.copyOf(path), schema, required, List.copyOf(chain)));
        }
        if (depth >= MAX_FIELD_DEPTH) {
            return;
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            Set<Object> requiredNames = schema.get("required") instanceof List<?> r ? Set.copyOf(r) : Set.of();
            for (Map.Entry<?, ?> property : properties.entrySet()) {
                Map<String, Object> child = spec.nonNull(property.getValue());
                path.add(property.getKey());
                chain.add(child);
                walk(child, path, requiredNames.contains(property.getKey()), chain, out, depth + 1);
                chain.removeLast();
                path.removeLast();
            }
        } else if (schema.get("items") != null) {
            Map<String, Object> item = spec.nonNull(schema.get("items"));
            path.add(0);
            chain.add(item);
            // An item of an array is "required" only in the sense that removing it shortens the array.
            walk(item, path, false, chain, out, depth + 1);
            chain.removeLast();
            path.removeLast();
        }
    }

    /** The first documented example of the body, else a sample of its schema's required fields. */
    private JsonNode base(Map<String, Object> media, Map<String, Object> schema) {
        if (media.get("examples") instanceof Map<?, ?> examples && !examples.isEmpty()) {
            Object example =
                    OpenApiDocument.map(examples.values().iterator().next()).get("value");
            return JSON.valueToTree(example);
        }
        if (media.get("example") != null) {
            return JSON.valueToTree(media.get("example"));
        }
        return sample(schema, 0);
    }

    /** A valid value of {@code schema}: its example, default, first enum value or smallest admitted value. */
    private JsonNode sample(Map<String, Object> schema, int depth) {
        if (schema.get("const") != null) {
            return JSON.valueToTree(schema.get("const"));
        }
        if (schema.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
            return JSON.valueToTree(examples.getFirst());
        }
        if (schema.get("default") != null) {
            return JSON.valueToTree(schema.get("default"));
        }
        if (schema.get("enum") instanceof List<?> values) {
            return JSON.valueToTree(values.getFirst());
        }
        Set<String> types = new Field(List.of(), schema, true, List.of()).types();
        String type = types.isEmpty() ? "object" : types.iterator().next();
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < MAX_FIELD_DEPTH && schema.get("properties") instanceof Map<?, ?> properties) {
                    Set<Object> required = schema.get("required") instanceof List<?> r ? Set.copyOf(r) : Set.of();
                    for (Map.Entry<?, ?> property : properties.entrySet()) {
                        if (required.contains(property.getKey())) {
                            object.set(
                                    String.valueOf(property.getKey()),
                                    sample(spec.nonNull(property.getValue()), depth + 1));
                        }
                    }
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int items = (int) Math.max(0, number(schema.get("minItems")));
                for (int i = 0; i < items; i++) {
                    array.add(sample(spec.nonNull(schema.get("items")), depth + 1));
                }
                return array;
            }
            case "integer" -> {
                double min = number(schema.get("minimum"));
                return NODES.numberNode(Double.isNaN(min) ? 1 : (long) min);
            }
            case "number" -> {
                double min = number(schema.get("minimum"));
                return NODES.numberNode(Double.isNaN(min) ? 0.5 : min);
            }
            case "boolean" -> {
                return NODES.booleanNode(false);
            }
            default -> {
                if ("uuid".equals(schema.get("format"))) {
                    return NODES.stringNode(UUID.randomUUID().toString());
                }
                if ("date-time".equals(schema.get("format"))) {
                    return NODES.stringNode("2026-01-31T12:00:00Z");
                }
                if (String.valueOf(schema.get("pattern")).contains("https?")) {
                    return NODES.stringNode("http://127.0.0.1:9/");
                }
                return NODES.stringNode("x");
            }
        }
    }

    /** A valid value of a path or query parameter: its example, default, first enum value, or a sample. */
    private String validParameter(Map<String, Object> parameter) {
        Map<String, Object> schema = spec.nonNull(parameter.get("schema"));
        if ("uuid".equals(schema.get("format"))) {
            return UUID.randomUUID().toString();
        }
        if (schema.get("examples") == null && "name".equals(parameter.get("name"))) {
            return "corpus";
        }
        if (schema.get("examples") == null
                && schema.get("default") == null
                && schema.get("enum") == null
                && "string".equals(schema.get("type"))) {
            // dataset and model of the global leaderboard: any name is valid, an unknown one an empty list.
            return "fashion-mnist";
        }
        JsonNode value = sample(schema, 0);
        return value.isString() ? value.asString() : value.toString();
    }

    /** A copy of the base whose {@code ...Id} strings are new, so no request repeats an earlier id. */
    private JsonNode fresh(JsonNode base) {
        JsonNode copy = base.deepCopy();
        renew(copy);
        return copy;
    }

    private void renew(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (name.endsWith("Id") && value.isString()) {
                    object.put(
                            name,
                            isUuid(value.asString())
                                    ? UUID.randomUUID().toString()
                                    : "corpus-" + ids.incrementAndGet());
                } else {
                    renew(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::renew);
        }
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code root} with the value at {@code field} set; missing containers on the way get a sample of theirs. */
    private JsonNode set(JsonNode root, Field field, JsonNode value) {
        JsonNode node = root;
        List<Object> path = field.path();
        for (int i = 0; i < path.size() - 1; i++) {
            Object token = path.get(i);
            JsonNode child = child(node, token);
            if (child == null || !child.isContainer()) {
                child = sample(field.chain().get(i + 1), 0);
                if (!child.isContainer()) {
                    child = path.get(i + 1) instanceof Integer ? NODES.arrayNode() : NODES.objectNode();
                }
                put(node, token, child);
            }
            node = child;
        }
        put(node, path.getLast(), value);
        return root;
    }

    /** {@code root} without the value at {@code field} (its containers made present first). */
    private JsonNode remove(JsonNode root, Field field) {
        set(root, field, NODES.nullNode());
        JsonNode node = root;
        List<Object> path = field.path();
        for (int i = 0; i < path.size() - 1 && node != null; i++) {
            node = child(node, path.get(i));
        }
        if (node instanceof ObjectNode object) {
            object.remove(String.valueOf(path.getLast()));
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            array.remove(0);
        }
        return root;
    }

    private static JsonNode child(JsonNode node, Object token) {
        if (token instanceof Integer i) {
            return node instanceof ArrayNode array && array.size() > i ? array.get(i) : null;
        }
        return node instanceof ObjectNode object ? object.get(String.valueOf(token)) : null;
    }

    private static void put(JsonNode node, Object token, JsonNode value) {
        if (token instanceof Integer i && node instanceof ArrayNode array) {
            if (array.size() > i) {
                array.set(i, value);
            } else {
                array.add(value);
            }
        } else if (node instanceof ObjectNode object) {
            object.set(String.valueOf(token), value);
        }
    }

    // ───────────────────────────── sending ─────────────────────────────

    /** Sends {@code probe} to {@code server} with {@code authorization}; HTTP/1.1, so chunked means chunked. */
    public static Answer send(HttpClient http, URI server, String authorization, Probe probe) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + probe.path()))
                    .version(HttpClient.Version.HTTP_1_1)
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", authorization);
            if (probe.contentType() != null) {
                request.header("Content-Type", probe.contentType());
            }
            if (probe.body() == null) {
                request.method(probe.method(), HttpRequest.BodyPublishers.noBody());
            } else if (probe.chunked()) {
                byte[] body = probe.body();
                request.method(
                        probe.method(), HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
            } else {
                request.method(probe.method(), HttpRequest.BodyPublishers.ofByteArray(probe.body()));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    probe,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body(),
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(probe, -1, null, null, e.toString());
        } catch (Exception e) {
            return new Answer(probe, -1, null, null, e.toString());
        }
    }

    /**
     * Sends every probe, four at a time (the corpus is large and each request short; the service handles
     * requests concurrently anyway), and returns the answers in the probes' order.
     */
    public static List<Answer> sendAll(List<Probe> probes, Function<Probe, Answer> send) throws InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Answer>> futures = new ArrayList<>();
            for (Probe probe : probes) {
                futures.add(pool.submit(() -> send.apply(probe)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                try {
                    answers.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return answers;
        }
    }

    public static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    // ───────────────────────────── the report ─────────────────────────────

    /** Counts per mutation kind × status (problem+json marked), as a text table. */
    public static String table(String service, List<Answer> answers) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Set<String> columns = new TreeSet<>();
        for (Answer a : answers) {
            String column = a.status() + (a.problemJson() || a.status() < 300 ? "" : "*");
            columns.add(column);
            counts.computeIfAbsent(a.probe().kind(), k -> new TreeMap<>()).merge(column, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        out.append("\n=== malformed-request corpus: ")
                .append(service)
                .append(", ")
                .append(answers.size())
                .append(" requests over ")
                .append(answers.stream()
                        .map(a -> a.probe().operation().key())
                        .distinct()
                        .count())
                .append(" operations ===\n");
        String header = String.format("%-20s", "kind")
                + columns.stream().map(c -> String.format("%7s", c)).collect(Collectors.joining())
                + String.format("%7s", "total");
        out.append(header).append('\n');
        Map<String, Integer> totals = new TreeMap<>();
        counts.forEach((kind, byStatus) -> {
            out.append(String.format("%-20s", kind));
            for (String c : columns) {
                int n = byStatus.getOrDefault(c, 0);
                totals.merge(c, n, Integer::sum);
                out.append(String.format("%7s", n == 0 ? "." : Integer.toString(n)));
            }
            out.append(String.format(
                            "%7d",
                            byStatus.values().stream()
                                    .mapToInt(Integer::intValue)
                                    .sum()))
                    .append('\n');
        });
        out.append(String.format("%-20s", "total"));
        columns.forEach(c -> out.append(String.format("%7d", totals.getOrDefault(c, 0))));
        out.append(String.format("%7d", answers.size())).append('\n');
        long refused =
                answers.stream().filter(MalformedCorpus::refusedAsProblem).count();
        out.append(String.format(
                "in {400,404,413,415} as problem+json: %d of %d = %.1f %%%n",
                refused, answers.size(), 100.0 * refused / answers.size()));
        out.append("(* = a refusal not as application/problem+json; -1 = no answer)\n");
        return out.toString();
    }

    /** Every answer, one per line with the start of its body, to {@code file} (the table's evidence). */
    public static void dump(java.nio.file.Path file, List<Answer> answers) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        java.nio.file.Files.write(file, answers.stream().map(Answer::toString).toList());
    }

    /** A control's answer: a 2xx, or a 404 of LossForge's own (the id is unknown; the request was valid). */
    public static boolean accepted(Answer a) {
        return (a.status() >= 200 && a.status() < 300)
                || (a.status() == 404 && a.problemJson() && a.body().contains("urn:lossforge:problem:"));
    }

    public static boolean refusedAsProblem(Answer a) {
        return REFUSALS.contains(a.status()) && a.problemJson();
    }

    // ───────────────────────────── bytes and numbers ─────────────────────────────

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] replace(byte[] in, byte[] marker, byte[] with) {
        for (int i = 0; i + marker.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + marker.length, marker, 0, marker.length)) {
                return cat(Arrays.copyOfRange(in, 0, i), with, Arrays.copyOfRange(in, i + marker.length, in.length));
            }
        }
        throw new IllegalStateException("no marker in " + new String(in, StandardCharsets.UTF_8));
    }

    private static double number(Object node) {
        return OpenApiDocument.number(node);
    }

    public static String abbreviate(String text, int max) {
        String flat = text.replace('\n', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max) + "…(" + flat.length() + " chars)";
    }
}
