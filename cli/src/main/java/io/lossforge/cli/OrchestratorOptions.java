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

    // No picocli default: the lookup (ApiKey.find) also reads the key file, and must know whether the
    // option was given to name the key's source in a refusal.
    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "The API key, sent as Authorization: Bearer KEY. Default: $LOSSFORGE_API_KEY, else the "
                    + "file $LOSSFORGE_HOME/api-key (LOSSFORGE_HOME defaulting to ~/.lossforge; ./lossforge up "
                    + "writes it). Prefer those two: an option is visible in the process list.")
    String apiKey;

    /** A client for the chosen orchestrator, with the key found for it; close it when done. */
    ApiClient client() {
        return new ApiClient(url, ApiKey.find(apiKey));
    }
}
