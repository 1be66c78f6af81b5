package io.lossforge.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the study options' small languages into request JSON (field names are the server's, checked there):
 * <ul>
 *   <li>a loss: {@code [LABEL=]LOSS[@field=value,...]}, LOSS a catalog name, an expression or a hash, the
 *       fields recipe overrides ({@code ce+l2=ce@weightDecay=0.0005});</li>
 *   <li>a task: {@code DATASET/MODEL[:field=value,...]} with TaskSpec's field names; a value that starts with
 *       {@code [} is JSON ({@code cifar-10/cnn-small:classGroups=[[0,1,8,9],[2,3,4,5,6,7]]}).</li>
 * </ul>
 */
final class StudyArguments {

    private StudyArguments() {}

    static ObjectNode loss(String text) {
        ObjectNode loss = Json.object();
        String rest = text.strip();
        int at = rest.lastIndexOf('@');
        if (at > 0) {
            ObjectNode overrides = Json.object();
            fields(rest.substring(at + 1), overrides, "--loss " + text);
            loss.set("overrides", overrides);
            rest = rest.substring(0, at);
        }
        int eq = rest.indexOf('=');
        if (eq > 0) {
            loss.put("label", rest.substring(0, eq).strip());
            rest = rest.substring(eq + 1);
        }
        if (rest.isBlank()) {
            throw new InputException("--loss '" + text + "' names no loss: give LABEL=LOSS or LOSS");
        }
        loss.put("loss", rest.strip());
        return loss;
    }

    static ObjectNode task(String text) {
        String rest = text.strip();
        int colon = rest.indexOf(':');
        String head = colon < 0 ? rest : rest.substring(0, colon);
        int slash = head.indexOf('/');
        if (slash <= 0 || slash == head.length() - 1) {
            throw new InputException("--task '" + text + "' must start DATASET/MODEL, e.g. fashion-mnist/cnn-small");
        }
        ObjectNode task = Json.object();
        task.put("dataset", head.substring(0, slash));
        task.put("model", head.substring(slash + 1));
        if (colon >= 0) {
            fields(rest.substring(colon + 1), task, "--task " + text);
        }
        return task;
    }

    /** {@code field=value,...} into {@code into}; numbers as numbers, {@code [..]} as JSON, else text. */
    private static void fields(String text, ObjectNode into, String option) {
        for (String pair : split(text)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InputException(option + ": '" + pair + "' is not field=value");
            }
            String value = pair.substring(eq + 1).strip();
            into.set(pair.substring(0, eq).strip(), value(value, option));
        }
    }

    private static JsonNode value(String value, String option) {
        if (value.startsWith("[") || value.equals("true") || value.equals("false")) {
            try {
                return Json.MAPPER.readTree(value);
            } catch (RuntimeException e) {
                throw new InputException(option + ": '" + value + "' is not valid JSON");
            }
        }
        try {
            return value.matches("-?\\d+")
                    ? Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(value))
                    : Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return Json.MAPPER.getNodeFactory().stringNode(value);
        }
    }

    /** Splits on commas outside brackets. */
    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }
}
