package io.lossforge.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Parameters;

/** The study a command works on: the {@code ID} argument, checked here so that a typo gets a clear line. */
final class StudyIdArgument {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Parameters(
            index = "0",
            paramLabel = "ID",
            description = "The study's id (a UUID), as 'lossforge study start' prints it.")
    String text;

    /** The study's resource path, {@code /api/v1/studies/{id}}. */
    String path() {
        String id = text.strip();
        if (!UUID.matcher(id).matches()) {
            throw new InputException("'" + text + "' is not a study id: ids are UUIDs such as "
                    + "3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34, as 'lossforge study start' prints them");
        }
        return "/api/v1/studies/" + id.toLowerCase(Locale.ROOT);
    }
}
