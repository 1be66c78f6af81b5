package io.lossforge.cli;

import picocli.CommandLine.Command;

/** {@code lossforge study}: re-tests of losses over tasks, seeds and budgets against cross-entropy. */
@Command(
        name = "study",
        description = {
            "Start, follow and report studies on the orchestrator.",
            "",
            "A study trains every loss on every task with several seeds (the same initial weights and data order "
                    + "for every loss) and reports, per loss and task, mean ± sd of test accuracy and the Δ against "
                    + "cross-entropy with its 95 % interval, the paper's verdict (±0.5 points = same) and what the "
                    + "interval supports."
        },
        subcommands = {StudyStartCommand.class, StudyShowCommand.class, StudyReportCommand.class},
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
public final class StudyCommand {}
