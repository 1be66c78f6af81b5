package io.lossforge.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a search or study id on the command line, because the orchestrator's answer to a malformed id
 * ("id is not a valid value") does not say what an id looks like.
 */
final class ResourceIds {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private ResourceIds() {}

    /** The id, lower-cased; {@code noun} names what it identifies, {@code lister} the command that prints ids. */
    static String uuid(String text, String noun, String lister) {
        String id = text.strip();
        if (!UUID.matcher(id).matches()) {
            throw new InputException("'" + text + "' is not a " + noun + " id: ids are UUIDs such as "
                    + "3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34, as '" + lister + "' shows them");
        }
        return id.toLowerCase(Locale.ROOT);
    }
}
