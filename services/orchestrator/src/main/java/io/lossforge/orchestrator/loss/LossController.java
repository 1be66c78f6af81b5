package io.lossforge.orchestrator.loss;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.eval.Evaluation;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.print.LatexPrinter;
import io.lossforge.loss.print.PyTorchPrinter;
import io.lossforge.loss.screen.Screening;
import io.lossforge.loss.screen.Verdict;
import io.lossforge.loss.simplify.LossHash;
import io.lossforge.loss.simplify.Simplifier;
import io.lossforge.orchestrator.population.KnownLosses;
import io.lossforge.orchestrator.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/losses}: the loss language over HTTP — evaluate, screen, export. */
@RestController
@RequestMapping("/api/v1/losses")
class LossController {

    /** An expression (or catalog name) and an optional reduction. */
    record LossInput(
            @NotBlank @Size(max = Parser.MAX_LENGTH) String expression,

            @Pattern(regexp = "mean|sum", message = "must be mean or sum")
            String reduction) {
        Loss loss() {
            return LossCatalog.resolve(expression, reduction == null ? null : Reduction.of(reduction));
        }
    }

    /** The largest logits matrix evaluated: rows (the batch) and columns (the classes); the spec says the same. */
    static final int MAX_ROWS = 10_000;

    static final int MAX_COLUMNS = 1_000;

    record EvaluateRequest(
            @NotBlank @Size(max = Parser.MAX_LENGTH) String expression,

            @Pattern(regexp = "mean|sum", message = "must be mean or sum")
            String reduction,

            @NotEmpty @Size(max = MAX_ROWS) double[][] logits,
            @NotNull @Size(max = MAX_ROWS) int[] labels) {}

    /** Non-finite numbers are null: JSON has no NaN or infinity. */
    record EvaluateResponse(Double loss, List<List<Double>> grad) {}

    record ScreenResponse(
            String verdict,
            String reason,
            String detail,
            String expression,
            String simplified,
            String reduction,
            String hash) {}

    private final KnownLosses known;

    LossController(KnownLosses known) {
        this.known = known;
    }

    @PostMapping("/evaluate")
    EvaluateResponse evaluate(@Valid @RequestBody EvaluateRequest request) {
        Loss loss = new LossInput(request.expression(), request.reduction()).loss();
        for (double[] row : request.logits()) {
            if (row == null) {
                throw new Problems.InvalidInput("logits", "rows must be arrays of numbers, not null");
            }
            if (row.length > MAX_COLUMNS) {
                throw new Problems.InvalidInput(
                        "logits", "a row has " + row.length + " columns; at most " + MAX_COLUMNS + " classes");
            }
        }
        Evaluation evaluation;
        try {
            evaluation = ReferenceEvaluator.evaluate(loss, request.logits(), request.labels());
        } catch (IllegalArgumentException e) {
            throw new Problems.InvalidInput("logits", e.getMessage());
        }
        return new EvaluateResponse(
                finite(evaluation.loss()),
                Arrays.stream(evaluation.gradient())
                        .map(row -> Arrays.stream(row)
                                .mapToObj(LossController::finite)
                                .toList())
                        .toList());
    }

    @PostMapping("/screen")
    ScreenResponse screen(@Valid @RequestBody LossInput input) {
        Loss loss = input.loss();
        Verdict verdict = Screening.screen(loss);
        return new ScreenResponse(
                verdict.isAccepted() ? "ACCEPTED" : "REJECTED",
                verdict.isAccepted() ? null : verdict.reason().name(),
                verdict.detail(),
                InfixPrinter.print(loss.expression()),
                InfixPrinter.print(Simplifier.simplify(loss.expression())),
                loss.reduction().id(),
                LossHash.of(loss));
    }

    @GetMapping(value = "/{hash}/export", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> export(
            @PathVariable String hash,
            @RequestParam(defaultValue = "infix")
                    @Pattern(regexp = "infix|latex|pytorch", message = "must be infix, latex or pytorch")
                    String format) {
        Loss loss = known.byHash(hash).orElseThrow(() -> new Problems.NotFound("no loss with hash " + hash));
        String text = switch (format) {
            case "latex" -> LatexPrinter.print(loss.expression());
            case "pytorch" -> PyTorchPrinter.print(loss);
            default -> InfixPrinter.print(loss.expression());
        };
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text.endsWith("\n") ? text : text + "\n");
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
