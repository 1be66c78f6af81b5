package io.lossforge.contract;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checks both services' contract tests make against their running application, written once: which
 * endpoints are mapped, whether handlers agree with the document, and whether a real response is one the
 * document describes. Every check returns its findings as sentences; an empty list means it holds.
 */
public final class ContractChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ContractChecks() {}

    /** "METHOD /path" of every handler mapped under /api or /internal, with its mapping. */
    public static Map<String, Map.Entry<RequestMappingInfo, HandlerMethod>> mappedEndpoints(
            RequestMappingHandlerMapping handlerMapping) {
        Map<String, Map.Entry<RequestMappingInfo, HandlerMethod>> endpoints = new LinkedHashMap<>();
        handlerMapping.getHandlerMethods().forEach((info, handler) -> {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/") && !path.startsWith("/internal/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    endpoints.put("ANY-METHOD " + path, Map.entry(info, handler));
                }
                methods.forEach(method -> endpoints.put(method.name() + " " + path, Map.entry(info, handler)));
            }
        });
        return endpoints;
    }

    /** The documented operations of {@code service}, as "METHOD /path". */
    public static List<String> operationKeys(OpenApiDocument spec, String service) {
        return spec.operations(service).stream()
                .map(OpenApiDocument.Operation::key)
                .toList();
    }

    /** Where the mapped handlers of {@code service} disagree with the documented parameters, bodies and schemas. */
    public static List<String> handlerFindings(
            OpenApiDocument spec, String service, Map<String, Map.Entry<RequestMappingInfo, HandlerMethod>> mapped) {
        List<String> problems = new ArrayList<>();
        for (OpenApiDocument.Operation op : spec.operations(service)) {
            Map.Entry<RequestMappingInfo, HandlerMethod> handler = mapped.get(op.key());
            if (handler != null) {
                problems.addAll(spec.compareWithHandler(op, handler.getKey(), handler.getValue()));
            }
        }
        return problems;
    }

    /**
     * Where a real response to {@code op} departs from the document: its status must be documented,
     * documented headers present, errors {@code application/problem+json}, and the body of a documented
     * media type valid against the documented schema (or empty when no content is documented).
     */
    public static List<String> responseFindings(
            OpenApiDocument spec, OpenApiDocument.Operation op, HttpResponse<String> response) {
        int status = response.statusCode();
        String code = spec.responseCode(op, status);
        if (code == null) {
            return List.of("status " + status + " is not documented for " + op.key());
        }
        Map<String, Object> documented = spec.resolved(spec.responses(op).get(code));
        List<String> findings = new ArrayList<>();
        if (documented.get("headers") != null) {
            for (String header : OpenApiDocument.map(documented.get("headers")).keySet()) {
                if (response.headers().firstValue(header).isEmpty()) {
                    findings.add("documented header " + header + " is missing");
                }
            }
        }
        String contentType = contentType(response);
        if (status >= 400 && !"application/problem+json".equals(contentType)) {
            findings.add("an error answered as " + contentType + ", not application/problem+json");
        }
        if (documented.get("content") == null) {
            if (!response.body().isEmpty()) {
                findings.add("a body where no content is documented");
            }
            return findings;
        }
        Map<String, Object> content = OpenApiDocument.map(documented.get("content"));
        if (!content.containsKey(contentType)) {
            findings.add("media type " + contentType + " is not documented (" + content.keySet() + ")");
            return findings;
        }
        findings.addAll(spec.validate(body(response), spec.responseSchemaPointer(op, code, contentType), "response"));
        return findings;
    }

    /** Where a request body that the service accepted departs from the documented request schema. */
    public static List<String> requestFindings(OpenApiDocument spec, OpenApiDocument.Operation op, String body) {
        if (op.definition().get("requestBody") == null) {
            return List.of(op.key() + " documents no request body");
        }
        return spec.validate(JSON.readTree(body), spec.requestSchemaPointer(op), "request");
    }

    /** A real request to a documented operation and the answer it got. */
    public record Exchange(String operation, HttpResponse<String> response) {}

    /**
     * Every check at once, as the contract tests make them: the document's structure, each documented
     * operation mapped and each mapped endpoint documented, handlers against the schemas, and each real
     * exchange answered with a documented status and body. Empty when the document and the running
     * service agree; the mutation tests use it to show that a drifted document is caught.
     */
    public static List<String> allFindings(
            OpenApiDocument spec,
            String service,
            String server,
            Map<String, Map.Entry<RequestMappingInfo, HandlerMethod>> mapped,
            List<Exchange> exchanges) {
        return allFindings(spec, service, op -> server, mapped, exchanges);
    }

    /** As {@link #allFindings(OpenApiDocument, String, String, Map, List)}, the server given per operation. */
    public static List<String> allFindings(
            OpenApiDocument spec,
            String service,
            Function<OpenApiDocument.Operation, String> serverOf,
            Map<String, Map.Entry<RequestMappingInfo, HandlerMethod>> mapped,
            List<Exchange> exchanges) {
        List<String> findings = new ArrayList<>(documentFindings(spec, service, serverOf));
        List<String> documented = operationKeys(spec, service);
        documented.stream().filter(op -> !mapped.containsKey(op)).forEach(op -> findings.add(op + " is not mapped"));
        mapped.keySet().stream()
                .filter(op -> !documented.contains(op))
                .forEach(op -> findings.add(op + " is not documented"));
        findings.addAll(handlerFindings(spec, service, mapped));
        for (Exchange exchange : exchanges) {
            spec.operations(service).stream()
                    .filter(op -> op.key().equals(exchange.operation()))
                    .findFirst()
                    .ifPresentOrElse(
                            op -> findings.addAll(responseFindings(spec, op, exchange.response())),
                            () -> findings.add(exchange.operation() + " is not documented"));
        }
        return findings;
    }

    /** The response's media type without parameters, or null. */
    public static String contentType(HttpResponse<String> response) {
        return response.headers()
                .firstValue("Content-Type")
                .map(t -> t.replaceAll(";.*", "").trim())
                .orElse(null);
    }

    /** The body as JSON (a JSON string for non-JSON media types), or null without a content type. */
    public static JsonNode body(HttpResponse<String> response) {
        String contentType = contentType(response);
        return contentType == null
                ? null
                : contentType.endsWith("json") ? JSON.readTree(response.body()) : JSON.valueToTree(response.body());
    }

    /** The documented operational endpoints (health, metrics) of {@code service}. */
    public static List<String> operationalPaths(OpenApiDocument spec, String service) {
        List<String> paths = new ArrayList<>();
        for (Object endpoint : OpenApiDocument.list(spec.root().get("x-operational-endpoints"))) {
            Map<String, Object> e = OpenApiDocument.map(endpoint);
            if (OpenApiDocument.list(e.get("services")).contains(service)) {
                paths.add(String.valueOf(e.get("path")));
            }
        }
        return paths;
    }

    /**
     * Where the document's own structure fails: every operation names its service (x-service) and has a
     * unique operationId, no path mixes services; for {@code service}: each path item's only server is
     * {@code server}, tags belong to the service's tag group, error responses are problem+json only, and
     * each operation's credential is documented ({@link #securityFindings}).
     */
    public static List<String> documentFindings(OpenApiDocument spec, String service, String server) {
        return documentFindings(spec, service, op -> server);
    }

    /**
     * As {@link #documentFindings(OpenApiDocument, String, String)}, with the server each operation's path
     * item must name given per operation: a service with more than one port (the orchestrator's internal
     * channel has its own) documents each path on the port that serves it.
     */
    public static List<String> documentFindings(
            OpenApiDocument spec, String service, Function<OpenApiDocument.Operation, String> serverOf) {
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new TreeSet<>();
        Map<String, Set<String>> servicesByPath = new LinkedHashMap<>();
        for (OpenApiDocument.Operation op : spec.operations()) {
            if (!Set.of("trainer", "orchestrator").contains(op.service())) {
                problems.add(op.key() + ": x-service is " + op.definition().get("x-service"));
            }
            if (!operationIds.add(String.valueOf(op.definition().get("operationId")))) {
                problems.add(op.key() + ": operationId " + op.definition().get("operationId") + " is not unique");
            }
            servicesByPath.computeIfAbsent(op.path(), p -> new TreeSet<>()).add(op.service());
        }
        servicesByPath.forEach((path, services) -> {
            if (services.size() != 1) {
                problems.add(path + " mixes operations of " + services);
            }
        });
        List<String> groupTags = tagsOfGroup(spec, service);
        for (OpenApiDocument.Operation op : spec.operations(service)) {
            List<?> servers = op.pathItem().get("servers") == null
                    ? List.of()
                    : OpenApiDocument.list(op.pathItem().get("servers"));
            String server = serverOf.apply(op);
            if (servers.size() != 1
                    || !server.equals(OpenApiDocument.map(servers.getFirst()).get("url"))) {
                problems.add(op.key() + ": the path item's servers should be exactly " + server);
            }
            List<?> tags = op.definition().get("tags") == null
                    ? List.of()
                    : OpenApiDocument.list(op.definition().get("tags"));
            if (tags.isEmpty() || !groupTags.containsAll(tags)) {
                problems.add(
                        op.key() + ": tags " + tags + " are not all in the " + service + " tag group " + groupTags);
            }
            spec.responses(op).forEach((code, response) -> {
                Map<String, Object> resolved = spec.resolved(response);
                if (!code.startsWith("2")
                        && !code.startsWith("3")
                        && (resolved.get("content") == null
                                || !OpenApiDocument.map(resolved.get("content"))
                                        .keySet()
                                        .equals(Set.of("application/problem+json")))) {
                    problems.add(op.key() + " " + code + ": an error response must be application/problem+json only");
                }
            });
            problems.addAll(securityFindings(spec, op));
        }
        return problems;
    }

    /** The security schemes each role's credential is presented with (the spec's Security section). */
    private static final Map<String, Set<String>> SCHEMES_OF_ROLE = Map.of(
            "viewer", Set.of("apiKey", "apiKeyHeader"),
            "operator", Set.of("apiKey", "apiKeyHeader"),
            "internal", Set.of("internalToken"));

    /**
     * Where {@code op} does not document who may call it: nothing is open (the API is closed by default),
     * so every operation names its role ({@code x-lossforge-role}: viewer, operator or internal), requires
     * that role's credential in its own {@code security} (schemes that {@code components.securitySchemes}
     * defines), and documents the 401 of a missing or wrong credential; an operator operation also the 403
     * a viewer key gets.
     */
    public static List<String> securityFindings(OpenApiDocument spec, OpenApiDocument.Operation op) {
        List<String> problems = new ArrayList<>();
        Object role = op.definition().get("x-lossforge-role");
        Set<String> expected = SCHEMES_OF_ROLE.get(String.valueOf(role));
        if (expected == null) {
            problems.add(op.key() + ": x-lossforge-role is " + role + ", not one of " + SCHEMES_OF_ROLE.keySet());
            return problems;
        }
        Set<String> defined = spec.root().get("components") instanceof Map<?, ?> components
                        && components.get("securitySchemes") instanceof Map<?, ?> schemes
                ? OpenApiDocument.map(schemes).keySet()
                : Set.of();
        Set<String> named = new TreeSet<>();
        if (op.definition().get("security") instanceof List<?> requirements) {
            requirements.forEach(r -> named.addAll(OpenApiDocument.map(r).keySet()));
        }
        if (!named.equals(expected)) {
            problems.add(op.key() + ": security names " + named + ", the role " + role + " needs " + expected);
        }
        named.stream()
                .filter(scheme -> !defined.contains(scheme))
                .forEach(scheme -> problems.add(op.key() + ": security scheme " + scheme + " is not defined"));
        Set<String> codes = spec.responses(op).keySet();
        if (!codes.contains("401")) {
            problems.add(op.key() + ": the 401 of a missing or wrong credential is not documented");
        }
        if ("operator".equals(role) && !codes.contains("403")) {
            problems.add(op.key() + ": the 403 of a viewer key on an operator operation is not documented");
        }
        return problems;
    }

    private static List<String> tagsOfGroup(OpenApiDocument spec, String service) {
        for (Object group : OpenApiDocument.list(spec.root().get("x-tagGroups"))) {
            Map<String, Object> g = OpenApiDocument.map(group);
            if (String.valueOf(g.get("name")).startsWith(service + " ")) {
                return OpenApiDocument.list(g.get("tags")).stream()
                        .map(String::valueOf)
                        .toList();
            }
        }
        throw new AssertionError("no x-tagGroups entry for " + service);
    }
}
