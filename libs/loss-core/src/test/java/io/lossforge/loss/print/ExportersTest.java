package io.lossforge.loss.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import org.junit.jupiter.api.Test;

class ExportersTest {

    @Test
    void latexOfNgl() {
        String latex =
                LatexPrinter.print(LossCatalog.find("ngl").orElseThrow().loss().expression());
        assertThat(latex)
                .isEqualTo("e^{2.4092 - p \\cdot \\left(1 + y\\right)} - "
                        + "\\cos\\left(\\cos\\left(\\sin\\left(p\\right)\\right)\\right)");
    }

    @Test
    void latexOfProtectedAndPowerForms() {
        assertThat(LatexPrinter.print(Parser.parse("-(y * (1 - p)^2 * log(p))")))
                .isEqualTo("-\\left(y \\cdot \\left(1 - p\\right)^{2} \\cdot \\log\\left(p\\right)\\right)");
        assertThat(LatexPrinter.print(Parser.parse("y / p + sqrt(p) * 1e-7")))
                .isEqualTo("\\frac{y}{p} + \\sqrt{p} \\cdot 1\\times 10^{-7}");
    }

    @Test
    void pytorchFollowsTheProtectedSemanticsAndReduction() {
        String code = PyTorchPrinter.print(new Loss(Parser.parse("y / p - log(p) + p^1.5"), Reduction.SUM));
        assertThat(code)
                .contains("def loss(logits, target):")
                .contains("p = torch.softmax(logits, dim=1)")
                .contains("_away_from_zero(p, 1e-7)")
                .contains("torch.log(torch.clamp(torch.abs(p), min=1e-7))")
                .contains("torch.pow(torch.abs(p), 1.5)")
                .contains("return f.sum(dim=1).mean()");
        String mean = PyTorchPrinter.print(LossCatalog.find("ngl").orElseThrow().loss());
        assertThat(mean).contains("torch.exp((2.4092 - (p * (1.0 + y))))").contains("return f.mean()");
    }

    @Test
    void pytorchWrapsConstantArgumentsOfTensorFunctions() {
        String code = PyTorchPrinter.print(new Loss(Parser.parse("p * exp(2)"), Reduction.MEAN));
        assertThat(code).contains("torch.exp(torch.tensor(2.0, dtype=torch.float64))");
    }
}
