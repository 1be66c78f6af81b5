package io.lossforge.loss.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Call;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Operator;
import io.lossforge.loss.RandomExpressions;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.Variable;
import io.lossforge.loss.eval.Evaluation;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.testing.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch export verified for real: every catalog loss, hand-written cases where a guard is active
 * (p near 0 from very negative logits, divisors, log and sqrt arguments near 0) or '^' has a negative
 * or fractional exponent, and random trees covering every operator are exported, run in ONE Python
 * process (one generated script) in float64 with autograd, and compared with the reference evaluator:
 * value and logit-gradient within {@value #RELATIVE} relative, or {@value #ABSOLUTE} absolute where
 * |reference| < {@value #SMALL}.
 *
 * <p>The script leaves torch's default dtype at float32, so a constant that silently becomes a float32
 * tensor shows up as an error of about 1e-8. Needs Debian's {@code /usr/bin/python3} with torch; skipped
 * without it unless {@code LOSSFORGE_REQUIRE_TOOLS} contains {@code torch} (see {@link RequiredTools}).
 */
@Tag("external-tool")
class PyTorchExportTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final double RELATIVE = 1e-9;
    private static final double ABSOLUTE = 1e-12;
    private static final double SMALL = 1e-3;
    private static final int RANDOM_TREES = 240;

    private record Batch(double[][] logits, int[] labels) {}

    /** A loss and the batches it is compared on (the near-one batch only for hand-picked losses). */
    private record Case(Loss loss, List<Integer> batches) {}

    @Test
    void exportedLossesAgreeWithTheReferenceInFloat64(@TempDir Path dir) throws IOException, InterruptedException {
        String problem = torchProblem();
        RequiredTools.assumeOrFail("torch", problem == null, problem);
        List<Batch> batches = batches();
        List<Case> cases = cases(batches);
        assertCoverage(cases);

        Path script = dir.resolve("check_exports.py");
        Files.writeString(script, script(cases, batches));
        List<String> output = run(script, dir);

        Criterion worst = new Criterion(RELATIVE, ABSOLUTE);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (String line : output) {
            String[] fields = line.split(" ");
            Case c = cases.get(Integer.parseInt(fields[0]));
            Batch batch = batches.get(Integer.parseInt(fields[1]));
            String what = InfixPrinter.print(c.loss().expression()) + " ["
                    + c.loss().reduction().id() + "] on batch " + fields[1];
            if (fields[2].equals("ERROR")) {
                failures.add(what + ": python raised " + line.substring(line.indexOf("ERROR")));
                continue;
            }
            Evaluation reference = ReferenceEvaluator.evaluate(c.loss(), batch.logits(), batch.labels());
            worst.check(what + " value", reference.loss(), number(fields[2]), failures);
            int i = 3;
            for (int n = 0; n < batch.logits().length; n++) {
                for (int k = 0; k < batch.logits()[n].length; k++) {
                    worst.check(
                            what + " d/dz[" + n + "][" + k + "]",
                            reference.gradient()[n][k],
                            number(fields[i++]),
                            failures);
                }
            }
            compared++;
        }
        int randomPairs = cases.subList(cases.size() - RANDOM_TREES, cases.size()).stream()
                .mapToInt(c -> c.batches().size())
                .sum();
        System.out.printf(
                "PyTorch export vs reference: %d evaluations of %d losses (%d random trees; %d of their %d "
                        + "tree-batch pairs left out as non-finite or ill-conditioned); worst relative error %.3e (%s), "
                        + "worst absolute error where |reference| < %s: %.3e (%s)%n",
                compared,
                cases.size(),
                RANDOM_TREES,
                2 * RANDOM_TREES - randomPairs,
                2 * RANDOM_TREES,
                worst.relative,
                worst.relativeAt,
                SMALL,
                worst.absolute,
                worst.absoluteAt);
        assertThat(failures)
                .as("disagreements of the PyTorch export with the reference")
                .isEmpty();
        assertThat(compared)
                .isEqualTo(cases.stream().mapToInt(c -> c.batches().size()).sum());
    }

    /** The test's criterion, and the largest errors seen. */
    private static final class Criterion {
        final double relativeTolerance;
        final double absoluteTolerance;
        double relative;
        String relativeAt = "-";
        double absolute;
        String absoluteAt = "-";

        Criterion(double relativeTolerance, double absoluteTolerance) {
            this.relativeTolerance = relativeTolerance;
            this.absoluteTolerance = absoluteTolerance;
        }

        void check(String what, double expected, double actual, List<String> failures) {
            double error = Math.abs(actual - expected);
            double relativeError =
                    expected == 0 ? (error == 0 ? 0 : Double.POSITIVE_INFINITY) : error / Math.abs(expected);
            boolean small = Math.abs(expected) < SMALL;
            boolean ok = Double.compare(expected, actual) == 0
                    || relativeError <= relativeTolerance
                    || small && error <= absoluteTolerance;
            if (small) {
                if (error > absolute || Double.isNaN(error)) {
                    absolute = error;
                    absoluteAt = what;
                }
            } else if (relativeError > relative || Double.isNaN(relativeError)) {
                relative = relativeError;
                relativeAt = what;
            }
            if (!ok) {
                failures.add(what + ": reference " + expected + ", torch " + actual);
            }
        }
    }

    private static double number(String python) {
        return switch (python) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(python);
        };
    }

    /**
     * 0: moderate logits; 1: very negative logits, so that p is about 1e-18 (log, sqrt and division
     * guards active), the label's included; 2: one dominant logit, so that 1 - p is below the guard.
     */
    private static List<Batch> batches() {
        SplittableRandom random = new SplittableRandom(2026);
        double[][] moderate = new double[4][5];
        for (double[] row : moderate) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextDouble(-3, 3);
            }
        }
        double[][] tiny = {{-40, 0.5, -1.2, -45}, {1.1, -43, 0.2, -0.7}, {-0.3, 0.9, -44, 1.4}};
        double[][] dominant = {{0.4, 21.5, -0.6}, {23, -1, 0.3}};
        return List.of(
                new Batch(moderate, new int[] {0, 2, 4, 1}),
                new Batch(tiny, new int[] {0, 1, 3}),
                new Batch(dominant, new int[] {1, 2}));
    }

    private static List<Case> cases(List<Batch> batches) {
        List<Case> cases = new ArrayList<>();
        for (LossCatalog.Entry entry : LossCatalog.entries()) {
            for (Reduction reduction : Reduction.values()) {
                cases.add(new Case(new Loss(entry.loss().expression(), reduction), List.of(0, 1, 2)));
            }
        }
        // Divisors, log and sqrt arguments near 0 at chosen entries of batch 0 (guard active at 3e-8,
        // inactive at 5e-7), and p or 1 - p below the guard in batches 1 and 2.
        double p01 = ReferenceEvaluator.softmax(batches.get(0).logits()[0])[1];
        String inside = Numbers.format(p01 + 3e-8);
        String outside = Numbers.format(p01 + 5e-7);
        List<String> guarded = List.of(
                "y / (p - " + inside + ")",
                "log(p - " + inside + ") * (1 + y)",
                "sqrt(p - " + inside + ") - y * p",
                "(y + p) / (p - " + outside + ")",
                "log(p - " + outside + ") + y",
                "sqrt(" + outside + " - p) * (2 - y)",
                "y / (1 - p) + p",
                "log(1 - p) * y - p",
                "sqrt(1 - p) * (y + 1) - log(p)",
                "y / p + sqrt(p) - log(p) * y",
                "aq(y, p) / (p - " + inside + ")",
                "p^-0.5 * y + p",
                "(p + y)^-1.5 - y * p",
                "abs(p - y)^-0.5 * y - p",
                "(p - 0.5)^-0.5 + y",
                "(p - y)^1.5 + y * p^-2",
                "(p - 0.3)^-1 * y + (p - 0.5)^-2",
                "square(p - y)^0.25 - y",
                "exp(2) * p + min(p, 0.3) * y + max(0.25, p) - tanh(0.7) * y",
                "exp(1) + 1",
                "p * 0.1 + y * sigmoid(0.3) - cos(2) * p");
        for (String text : guarded) {
            for (Reduction reduction : Reduction.values()) {
                cases.add(new Case(new Loss(Parser.parse(text), reduction), List.of(0, 1, 2)));
            }
        }
        RandomExpressions random = new RandomExpressions(20261201L);
        int added = 0;
        while (added < RANDOM_TREES) {
            Loss loss = new Loss(random.next(5), added % 2 == 0 ? Reduction.MEAN : Reduction.SUM);
            List<Integer> valid = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                if (valid(loss, batches.get(b))) {
                    valid.add(b);
                }
            }
            if (loss.expression().contains(Variable.P) && !valid.isEmpty()) {
                cases.add(new Case(loss, valid));
                added++;
            }
        }
        return cases;
    }

    /**
     * A random tree is compared on a batch where its reference value and gradient are finite (a
     * non-finite loss is screened out) and well-conditioned: logits changed by 1e-13 relative (some
     * hundred ulps) change them by less than a tenth of the tolerance. Otherwise the last-bit difference
     * between two correct math libraries is amplified beyond any tolerance, e.g. sin(p^-1) at p = 1e-19.
     */
    private static boolean valid(Loss loss, Batch batch) {
        Evaluation reference = ReferenceEvaluator.evaluate(loss, batch.logits(), batch.labels());
        if (!reference.isFinite()) {
            return false;
        }
        double[][] moved = new double[batch.logits().length][];
        for (int n = 0; n < moved.length; n++) {
            moved[n] = batch.logits()[n].clone();
            for (int k = 0; k < moved[n].length; k++) {
                moved[n][k] *= 1 + 1e-13;
            }
        }
        Evaluation perturbed = ReferenceEvaluator.evaluate(loss, moved, batch.labels());
        List<String> changes = new ArrayList<>();
        Criterion stable = new Criterion(RELATIVE / 10, ABSOLUTE / 10);
        stable.check("value", reference.loss(), perturbed.loss(), changes);
        for (int n = 0; n < moved.length; n++) {
            for (int k = 0; k < moved[n].length; k++) {
                stable.check("gradient", reference.gradient()[n][k], perturbed.gradient()[n][k], changes);
            }
        }
        return changes.isEmpty();
    }

    private static void assertCoverage(List<Case> cases) {
        Set<Operator> operators = EnumSet.noneOf(Operator.class);
        Set<String> exponents = new HashSet<>();
        cases.forEach(c -> collect(c.loss().expression(), operators, exponents));
        assertThat(operators).containsExactlyInAnyOrder(Operator.values());
        assertThat(exponents).contains("negative integer", "negative fractional", "positive fractional");
        assertThat(cases.size()).isGreaterThanOrEqualTo(LossCatalog.entries().size() * 2 + 200);
    }

    private static void collect(Expression expression, Set<Operator> operators, Set<String> exponents) {
        if (expression instanceof Call call) {
            operators.add(call.operator());
            if (call.parameter() != null) {
                double e = call.parameter().value();
                exponents.add((e < 0 ? "negative " : "positive ")
                        + (call.parameter().isInteger() ? "integer" : "fractional"));
            }
            call.arguments().forEach(argument -> collect(argument, operators, exponents));
        }
    }

    private static String script(List<Case> cases, List<Batch> batches) {
        StringBuilder py = new StringBuilder("""
                import sys
                import torch

                BATCHES = [
                """);
        for (Batch batch : batches) {
            py.append("    (")
                    .append(pythonList(batch.logits()))
                    .append(", ")
                    .append(java.util.Arrays.toString(batch.labels()))
                    .append("),\n");
        }
        py.append("]\n\nCASES = [\n");
        for (Case c : cases) {
            py.append("    (")
                    .append(pythonString(PyTorchPrinter.print(c.loss())))
                    .append(", ")
                    .append(c.batches())
                    .append("),\n");
        }
        py.append("""
                ]

                # The reference applies the softmax chain rule relative to the most probable class (no
                # cancellation); autograd's form p_j (g_j - sum_k g_k p_k) cancels on confident rows and
                # would measure that rounding, not the export. Same forward, the reference's backward.
                _softmax = torch.softmax

                class StableSoftmax(torch.autograd.Function):
                    @staticmethod
                    def forward(ctx, x):
                        p = _softmax(x, dim=1)
                        ctx.save_for_backward(p)
                        return p

                    @staticmethod
                    def backward(ctx, g):
                        (p,) = ctx.saved_tensors
                        top = p.argmax(dim=1, keepdim=True)
                        h = g - g.gather(1, top)
                        return p * (h - (p * h).sum(dim=1, keepdim=True))

                def stable_softmax(x, dim):
                    assert dim == 1
                    return StableSoftmax.apply(x)

                torch.softmax = stable_softmax

                for i, (source, batch_ids) in enumerate(CASES):
                    namespace = {}
                    exec(source, namespace)
                    for b in batch_ids:
                        try:
                            z, t = BATCHES[b]
                            logits = torch.tensor(z, dtype=torch.float64, requires_grad=True)
                            target = torch.tensor(t, dtype=torch.int64)
                            value = namespace["loss"](logits, target)
                            if value.dtype != torch.float64 or value.dim() != 0:
                                raise TypeError("result is %s of shape %s" % (value.dtype, tuple(value.shape)))
                            if value.requires_grad:
                                value.backward()
                                grad = logits.grad.flatten().tolist()
                            else:  # a data-free loss: autograd refuses, the gradient is zero
                                grad = [0.0] * logits.numel()
                            print(i, b, repr(value.item()), " ".join(repr(g) for g in grad))
                        except Exception as e:
                            print(i, b, "ERROR", type(e).__name__, str(e).replace("\\n", " "))
                """);
        return py.toString();
    }

    private static String pythonList(double[][] rows) {
        StringBuilder out = new StringBuilder("[");
        for (double[] row : rows) {
            out.append("[");
            for (double v : row) {
                out.append(Double.toString(v)).append(", ");
            }
            out.append("], ");
        }
        return out.append("]").toString();
    }

    private static String pythonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static List<String> run(Path script, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the export check script did not finish within 600 s");
        }
        assertThat(process.exitValue())
                .as("python exit; stderr: %s", Files.readString(err, StandardCharsets.UTF_8))
                .isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** Why torch cannot be used, or null if it can. */
    private static String torchProblem() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is missing";
        }
        try {
            Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return PYTHON + " -c 'import torch' did not finish within 120 s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0
                    ? null
                    : PYTHON + " cannot import torch: "
                            + output.lines().reduce((first, last) -> last).orElse("exit " + process.exitValue());
        } catch (IOException e) {
            return PYTHON + " cannot be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking for torch";
        }
    }
}
