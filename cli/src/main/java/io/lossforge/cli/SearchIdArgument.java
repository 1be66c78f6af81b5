package io.lossforge.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Parameters;

/**
 * The search a command works on: the {@code ID} argument, shared as a picocli mixin. Checked here, because
 * the orchestrator's answer to a malformed id ("id is not a valid value") does not say what an id looks like.
 */
final class SearchIdArgument {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Parameters(
            index = "0",
            paramLabel = "ID",
            description = "The search's id (a UUID), as 'lossforge search start' and 'lossforge search list' print it.")
    String text;

    /** The id, lower-cased. */
    String id() {
        String id = text.strip();
        if (!UUID.matcher(id).matches()) {
            throw new InputException("'" + text + "' is not a search id: ids are UUIDs such as "
                    + "3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34, as 'lossforge search list' shows them");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /** The search's resource path, {@code /api/v1/searches/{id}}. */
    String path() {
        return "/api/v1/searches/" + id();
    }
}
