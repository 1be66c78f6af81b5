package io.lossforge.cli;

import picocli.CommandLine.Option;

/**
 * Where the orchestrator is and how to authenticate: the {@code --url} and {@code --api-key} options of
 * every command that talks to it, shared as a picocli mixin so that they parse and document them identically.
 */
final class OrchestratorOptions {

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "${env:LOSSFORGE_URL:-http://localhost:8080}",
            description = "The orchestrator's base URL. Default: $LOSSFORGE_URL, else http://localhost:8080.")
    String url;

    // Read from the environment by default so that the key stays out of shell history and process lists.
    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            defaultValue = "${env:LOSSFORGE_API_KEY}",
            description = "Sent as the X-API-Key header. Default: $LOSSFORGE_API_KEY; none when unset.")
    String apiKey;

    /** A client for the chosen orchestrator; close it when done. */
    ApiClient client() {
        return new ApiClient(url, apiKey);
    }
}
