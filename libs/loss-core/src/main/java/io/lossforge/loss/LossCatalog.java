package io.lossforge.loss;

import io.lossforge.loss.parse.Parser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Named reference losses with their published formulas, written in the loss language. Catalog names are
 * accepted wherever an expression is ({@link #resolve(String, Reduction)}).
 */
public final class LossCatalog {

    /** A named loss, its published source and a one-line description. */
    public record Entry(String name, Loss loss, String description, String source) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // Cross-entropy: -sum_k y_k log p_k, the usual convention (sum over classes, mean over the batch).
        add("ce", "-(y * log(p))", Reduction.SUM, "softmax cross-entropy", "textbook");
        // NGL: the authors' reference PyTorch code computes mean over N x C of exp(a - p - p*t) - cos(cos(sin(p))).
        add(
                "ngl",
                "exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))",
                Reduction.MEAN,
                "Next Generation Loss (alpha = 2.4092)",
                "Akhmedova & Koerber 2024, Next Generation Loss Function for Image Classification, arXiv:2404.12948");
        // Focal: -(1 - p_t)^gamma log p_t with gamma = 2 (alpha balancing omitted, as in the multi-class use).
        add(
                "focal",
                "-(y * (1 - p)^2 * log(p))",
                Reduction.SUM,
                "focal loss (gamma = 2)",
                "Lin et al. 2017, Focal Loss for Dense Object Detection, arXiv:1708.02002");
        // Poly-1: CE + epsilon (1 - p_t); y * (1 - p) summed over classes is (1 - p_t).
        add(
                "poly1",
                "-(y * log(p)) + y * (1 - p)",
                Reduction.SUM,
                "Poly-1 loss (epsilon = 1)",
                "Leng et al. 2022, PolyLoss: A Polynomial Expansion Perspective of Classification Loss Functions, arXiv:2204.12511");
        // SCE: alpha CE + beta RCE, RCE = -sum_k p_k log(y_k) with log 0 clipped to A = -4, i.e. 4 p (1 - y).
        add(
                "sce",
                "-(0.1 * y * log(p)) + 4 * p * (1 - y)",
                Reduction.SUM,
                "symmetric cross-entropy (alpha = 0.1, beta = 1, A = -4)",
                "Wang et al. 2019, Symmetric Cross Entropy for Robust Learning with Noisy Labels, arXiv:1908.06112");
        // Baikal: -(1/n) sum_i (log p_i - y_i / p_i), n = number of classes.
        add(
                "baikal",
                "y / p - log(p)",
                Reduction.MEAN,
                "Baikal loss (GLO)",
                "Gonzalez & Miikkulainen 2020, Improved Training Speed, Accuracy, and Data Utilization Through Loss Function Optimization, arXiv:1905.11528");
        // Mean squared error between the softmax output and the one-hot target, averaged over classes.
        add("mse", "(p - y)^2", Reduction.MEAN, "mean squared error on probabilities", "textbook");
    }

    private LossCatalog() {}

    private static void add(String name, String expression, Reduction reduction, String description, String source) {
        ENTRIES.put(name, new Entry(name, new Loss(Parser.parse(expression), reduction), description, source));
    }

    /** All entries in catalog order. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** The entry of that name (case-insensitive), if any. */
    public static Optional<Entry> find(String name) {
        return Optional.ofNullable(ENTRIES.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * A catalog name or an expression text as a loss. A catalog name brings its own reduction unless
     * {@code reduction} overrides it; an expression uses {@code reduction}, or {@link Reduction#MEAN}
     * when that is null.
     *
     * @throws InvalidLossException when the text is neither a catalog name nor a valid expression
     */
    public static Loss resolve(String nameOrExpression, Reduction reduction) {
        Optional<Entry> entry = nameOrExpression == null ? Optional.empty() : find(nameOrExpression);
        if (entry.isPresent()) {
            Loss loss = entry.get().loss();
            return reduction == null ? loss : new Loss(loss.expression(), reduction);
        }
        return new Loss(Parser.parse(nameOrExpression), reduction == null ? Reduction.MEAN : reduction);
    }
}
