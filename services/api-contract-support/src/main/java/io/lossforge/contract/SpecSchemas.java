package io.lossforge.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas of an OpenAPI 3.1 document as JSON Schema 2020-12, validated by networknt's
 * json-schema-validator: the whole document is registered under one base IRI, and a value is validated
 * against the schema at {@code <base>#<pointer>}, so every {@code $ref} inside resolves in the document.
 *
 * <p>One policy is added to the document as JSON Schema: it is judged strictly. Every object schema
 * that is not a building block of an {@code allOf} gets {@code unevaluatedProperties: false}, so a body
 * with a property the contract does not document fails (a drifted field name is caught from both sides).
 * Plain-Java API (no Spring), so the CLI's tests can validate their fixtures with it too.
 */
public final class SpecSchemas {

    /** Where the document lives for $ref resolution; never fetched (the registry maps it to the text). */
    static final String BASE = "https://lossforge.io/api-spec/openapi.yaml";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SchemaRegistry registry;
    private final Map<String, Schema> byPointer = new ConcurrentHashMap<>();

    /** From the document's YAML tree (maps, lists and scalars). */
    public SpecSchemas(Map<String, Object> document) {
        ObjectNode strict = JSON.valueToTree(document);
        Set<String> blocks = allOfBlocks(strict, new TreeSet<>());
        makeStrict(strict, blocks, false);
        String text = JSON.writeValueAsString(strict);
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(BASE, text)));
    }

    /** The contract at {@code file} (the CLI's tests run from another directory than the services'). */
    @SuppressWarnings("unchecked")
    public static SpecSchemas load(java.nio.file.Path file) {
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(file)) {
            return new SpecSchemas((Map<String, Object>) new org.yaml.snakeyaml.Yaml(
                            new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()))
                    .load(reader));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the REST contract " + file, e);
        }
    }

    /** The JSON pointer of the schema of a documented response, e.g. ("/api/v1/trainers", "get", "200"). */
    public static String responsePointer(String path, String method, String code, String mediaType) {
        return "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/" + code
                + "/content/" + mediaType.replace("/", "~1") + "/schema";
    }

    /** Findings (empty when valid) of {@code value} against the schema at {@code pointer}. */
    public List<String> validate(JsonNode value, String pointer, String where) {
        Schema schema = byPointer.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
        List<Error> errors = schema.validate(value);
        return errors.stream()
                .map(e -> where + " " + e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }

    /** Names of components used as {@code allOf} parts (bases such as {@code Problem}): never strict alone. */
    private static Set<String> allOfBlocks(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            if (node.get("allOf") instanceof ArrayNode parts) {
                for (JsonNode part : parts) {
                    String ref = part.path("$ref").asString("");
                    if (ref.startsWith("#/components/schemas/")) {
                        out.add(ref.substring("#/components/schemas/".length()));
                    }
                }
            }
            node.properties().forEach(e -> allOfBlocks(e.getValue(), out));
        } else if (node.isArray()) {
            node.forEach(child -> allOfBlocks(child, out));
        }
        return out;
    }

    private static void makeStrict(JsonNode node, Set<String> blocks, boolean allOfPart) {
        if (node instanceof ArrayNode array) {
            array.forEach(child -> makeStrict(child, blocks, allOfPart));
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        boolean objectSchema =
                object.get("properties") instanceof ObjectNode || object.get("allOf") instanceof ArrayNode;
        if (objectSchema && !allOfPart && !object.has("additionalProperties") && !object.has("unevaluatedProperties")) {
            object.put("unevaluatedProperties", false);
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = entry.getKey();
            if (key.equals("examples") || key.equals("example")) {
                continue;
            }
            if (key.equals("schemas") && entry.getValue() instanceof ObjectNode components) {
                components.properties().forEach(c -> makeStrict(c.getValue(), blocks, blocks.contains(c.getKey())));
            } else if (key.equals("properties") && entry.getValue() instanceof ObjectNode properties) {
                properties.properties().forEach(p -> makeStrict(p.getValue(), blocks, false));
            } else {
                makeStrict(entry.getValue(), blocks, key.equals("allOf"));
            }
        }
    }
}
