package io.lossforge.cli;

import picocli.CommandLine.Parameters;

/** The study a command works on: the {@code ID} argument, checked by {@link ResourceIds}. */
final class StudyIdArgument {

    @Parameters(
            index = "0",
            paramLabel = "ID",
            description = "The study's id (a UUID), as 'lossforge study start' prints it.")
    String text;

    /** The study's resource path, {@code /api/v1/studies/{id}}. */
    String path() {
        return "/api/v1/studies/" + ResourceIds.uuid(text, "study", "lossforge study start");
    }
}
