package io.lossforge.cli;

import picocli.CommandLine.Parameters;

/**
 * The search a command works on: the {@code ID} argument, shared as a picocli mixin, checked by {@link
 * ResourceIds}.
 */
final class SearchIdArgument {

    @Parameters(
            index = "0",
            paramLabel = "ID",
            description = "The search's id (a UUID), as 'lossforge search start' and 'lossforge search list' print it.")
    String text;

    /** The id, lower-cased. */
    String id() {
        return ResourceIds.uuid(text, "search", "lossforge search list");
    }

    /** The search's resource path, {@code /api/v1/searches/{id}}. */
    String path() {
        return "/api/v1/searches/" + id();
    }
}
