package io.lossforge.cli;

import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The loss a command works on: the {@code EXPR} argument and the {@code --reduction} option, shared by
 * every {@code loss} subcommand as a picocli mixin so that they parse and document it identically.
 */
final class LossArgument {

    /** What looks like an option name (-x, --name, --name=value) rather than the start of an expression. */
    private static final Pattern OPTION_SHAPE = Pattern.compile("--?[A-Za-z][A-Za-z0-9-]*(=.*)?");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    String text;

    @Parameters(
            index = "0",
            paramLabel = "EXPR",
            description = "A catalog name (ce, ngl, focal, ...; see 'lossforge loss list') or an expression "
                    + "in p and y, e.g. '-(y * log(p))' (a leading - needs no '--'). Quote it: the shell "
                    + "treats *, ( and ) specially.")
    void text(String value) {
        // Unknown options reach EXPR (see allowLeadingMinus): one that is no expression stays an error.
        if (OPTION_SHAPE.matcher(value).matches() && !isLoss(value)) {
            throw new UnmatchedArgumentException(command.commandLine(), List.of(value));
        }
        text = value;
    }

    /**
     * Lets every command with an EXPR take one that starts with '-', as {@code -(y * log(p))} does: picocli
     * would otherwise take it for an unknown option. Option values need nothing: picocli accepts an
     * unknown option-like word as the value of an option.
     */
    static void allowLeadingMinus(CommandLine commandLine) {
        boolean takesExpression = commandLine.getCommandSpec().mixins().values().stream()
                .anyMatch(mixin -> mixin.userObject() instanceof LossArgument);
        if (takesExpression) {
            commandLine.setUnmatchedOptionsArePositionalParams(true);
        }
        commandLine.getSubcommands().values().forEach(LossArgument::allowLeadingMinus);
    }

    private static boolean isLoss(String value) {
        try {
            LossCatalog.resolve(value, null);
            return true;
        } catch (InvalidLossException e) {
            return false;
        }
    }

    @Option(
            names = "--reduction",
            paramLabel = "mean|sum",
            converter = ReductionConverter.class,
            description = "How the N x C entry values become one loss: mean over all entries, or sum over "
                    + "classes and mean over samples. Default: the catalog entry's own reduction, mean for "
                    + "expressions.")
    Reduction reduction;

    /** The catalog entry EXPR names, if it names one. */
    Optional<LossCatalog.Entry> catalogEntry() {
        return LossCatalog.find(text);
    }

    /** EXPR with the chosen reduction; a bad expression is an input error, not a crash. */
    Loss resolve() {
        try {
            // A null reduction lets the catalog keep the entry's own and expressions default to mean.
            return LossCatalog.resolve(text, reduction);
        } catch (InvalidLossException e) {
            throw new InputException("invalid loss expression '" + text + "': " + e.getMessage());
        }
    }

    /** Accepts mean and sum in any case, with loss-core's own error message for anything else. */
    static final class ReductionConverter implements ITypeConverter<Reduction> {
        @Override
        public Reduction convert(String value) {
            try {
                return Reduction.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
