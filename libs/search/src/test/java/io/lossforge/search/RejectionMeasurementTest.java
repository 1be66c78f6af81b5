package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.reject.RejectionProtocol;
import io.lossforge.loss.reject.RejectionVerdict;
import io.lossforge.loss.screen.Screening;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures the {@link RejectionProtocol} on the search's own generation-0 trees and prints the figures
 * quoted for issue 11: how many are rejected and why, how the verdict relates to screening, whether the
 * reduction changes it, whether a cheaper protocol (fewer steps, larger learning rate) agrees, and the
 * cost per test. About two minutes on a loaded 2-core machine (1,500 protocol runs): {@code -DexcludedGroups=measurement} leaves
 * it out.
 */
@Tag("measurement")
class RejectionMeasurementTest {

    private static final RejectionProtocol CHEAP =
            RejectionProtocol.builder().steps(30).learningRate(0.1).build();

    @Test
    void initialPopulation() {
        SearchSpec spec = new SearchSpec(500, null, null, null, null, null, null, null, null, null, 1L);
        List<Expression> trees = new Breeder(spec)
                .initialPopulation().stream().map(Candidate::expression).toList();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<RejectionVerdict.Outcome, Integer> outcomes = new EnumMap<>(RejectionVerdict.Outcome.class);
        int screenedAndRejected = 0;
        int screenedButAccepted = 0;
        int reductionDisagreements = 0;
        int cheapDisagreements = 0;
        double[] wall = new double[trees.size()];
        double[] cpu = new double[trees.size()];
        double[] cheapCpu = new double[trees.size()];
        StringBuilder examples = new StringBuilder();
        for (int i = 0; i < trees.size(); i++) {
            Loss mean = new Loss(trees.get(i), Reduction.MEAN); // the search's default reduction
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            RejectionVerdict verdict = RejectionProtocol.STANDARD.test(mean);
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            wall[i] = (System.nanoTime() - start) / 1e6;
            outcomes.merge(verdict.outcome(), 1, Integer::sum);
            boolean screened = Screening.screen(mean).isAccepted();
            if (screened && verdict.rejected()) {
                screenedAndRejected++;
                if (screenedAndRejected <= 5) {
                    examples.append("  screening-accepted, rejected: ")
                            .append(InfixPrinter.print(mean.expression()))
                            .append(" -- ")
                            .append(verdict.detail())
                            .append('\n');
                }
            }
            if (screened && !verdict.rejected()) {
                screenedButAccepted++;
            }
            RejectionVerdict sum = RejectionProtocol.STANDARD.test(new Loss(trees.get(i), Reduction.SUM));
            if (sum.outcome() != verdict.outcome()) {
                reductionDisagreements++;
            }
            cpuStart = threads.getCurrentThreadCpuTime();
            RejectionVerdict cheap = CHEAP.test(mean);
            cheapCpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            if (cheap.rejected() != verdict.rejected()) {
                cheapDisagreements++;
            }
        }
        int rejected = trees.size() - outcomes.getOrDefault(RejectionVerdict.Outcome.ACCEPTED, 0);
        StringBuilder out = new StringBuilder("\n== rejection protocol: 500 trees of generation 0\n");
        out.append(String.format(
                Locale.ROOT,
                "rejected %d of %d (%s); screening accepts %d, of these the protocol rejects %d%n",
                rejected,
                trees.size(),
                outcomes,
                screenedAndRejected + screenedButAccepted,
                screenedAndRejected));
        out.append(examples);
        out.append("mean vs sum: outcome differs for ")
                .append(reductionDisagreements)
                .append(" of ")
                .append(trees.size())
                .append('\n');
        out.append(CHEAP)
                .append(": accept/reject differs for ")
                .append(cheapDisagreements)
                .append('\n');
        out.append("standard ms per loss, wall: ").append(summary(wall)).append('\n');
        out.append("standard ms per loss, thread CPU: ").append(summary(cpu)).append('\n');
        out.append("cheap ms per loss, thread CPU: ").append(summary(cheapCpu)).append('\n');
        out.append(String.format(
                Locale.ROOT,
                "machine load %.1f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        System.out.print(out);

        // Random trees are mostly useless, but not all: the protocol separates them.
        assertThat(rejected).isBetween(1, trees.size() - 1);
        // Adam ignores the factor C between the reductions.
        assertThat(reductionDisagreements).isLessThanOrEqualTo(trees.size() / 100);
    }

    private static String summary(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "mean %.2f, median %.2f, p95 %.2f, max %.2f",
                Arrays.stream(millis).average().orElse(0),
                sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.95)],
                sorted[sorted.length - 1]);
    }
}
