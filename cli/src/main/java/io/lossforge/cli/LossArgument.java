package io.lossforge.cli;

import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The loss a command works on: the {@code EXPR} argument and the {@code --reduction} option, shared by
 * every {@code loss} subcommand as a picocli mixin so that they parse and document it identically.
 */
final class LossArgument {

    @Parameters(index = "0", paramLabel = "EXPR",
            description = "A catalog name (ce, ngl, focal, ...; see 'lossforge loss list') or an expression "
                    + "in p and y, e.g. '-(y * log(p))'. Quote it: the shell treats *, ( and ) specially.")
    String text;

    @Option(names = "--reduction", paramLabel = "mean|sum", converter = ReductionConverter.class,
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
