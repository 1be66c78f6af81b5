package io.lossforge.contract;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private ContractChecks() {
    }

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
        return spec.operations(service).stream().map(OpenApiDocument.Operation::key).toList();
    }

    /** Where the mapped handlers of {@code service} disagree with the documented parameters, bodies and schemas. */
    public static List<String> handlerFindings(OpenApiDocument spec, String service,
            Map<String, Map.Entry<RequestMappingInfo, HandlerMethod>> mapped) {
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
    public static List<String> responseFindings(OpenApiDocument spec, OpenApiDocument.Operation op,
            HttpResponse<String> response) {
        int status = response.statusCode();
        Map<String, Object> documented = spec.response(op, status);
        if (documented == null) {
            return List.of("status " + status + " is not documented for " + op.key());
        }
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
        Object schema = OpenApiDocument.map(content.get(contentType)).get("schema");
        findings.addAll(spec.validate(body(response), schema, "response"));
        return findings;
    }

    /** The response's media type without parameters, or null. */
    public static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").map(t -> t.replaceAll(";.*", "").trim()).orElse(null);
    }

    /** The body as JSON (a JSON string for non-JSON media types), or null without a content type. */
    public static JsonNode body(HttpResponse<String> response) {
        String contentType = contentType(response);
        return contentType == null ? null
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
}
