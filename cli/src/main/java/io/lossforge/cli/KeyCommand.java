package io.lossforge.cli;

import picocli.CommandLine.Command;

/** {@code lossforge key}: API keys for the orchestrator. */
@Command(
        name = "key",
        description = {
            "Make API keys for the orchestrator.",
            "",
            "The orchestrator is configured with each key's name, role and SHA-256, never with the key itself "
                    + "(docs/security.md). Rotating a key: add the new one, move its users over, remove the old one."
        },
        subcommands = {KeyNewCommand.class},
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_USAGE})
public final class KeyCommand {}
