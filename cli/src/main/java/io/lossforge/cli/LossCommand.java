package io.lossforge.cli;

import picocli.CommandLine.Command;

/** {@code lossforge loss}: the commands that work on a single loss expression or catalog entry. */
@Command(
        name = "loss",
        description = {
            "Inspect, evaluate and screen loss functions.",
            "",
            "EXPR is a catalog name (see 'lossforge loss list') or an element-wise expression f(p, y) in p "
                    + "(softmax probability of a class) and y (its one-hot target), e.g. '-(y * log(p))'."
        },
        subcommands = {LossShowCommand.class, LossEvalCommand.class, LossScreenCommand.class, LossListCommand.class},
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_USAGE,
            LossForgeCli.EXIT_REJECTED
        })
public final class LossCommand {}
