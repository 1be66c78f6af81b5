package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.equiv.Equivalence;
import io.lossforge.loss.equiv.GradientFingerprint;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.screen.Screening;
import io.lossforge.loss.simplify.LossHash;
import io.lossforge.loss.simplify.Simplifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures gradient-equivalence families on samples of the search's own trees and prints them (the
 * numbers quoted for issue 11): how many distinct losses (by {@link LossHash}) fall into how many
 * families, how well the family key narrows, and what a fingerprint costs. Families are formed as the
 * orchestrator would: each loss is compared with the first member of every family so far and joins the
 * first it is equivalent to — here exhaustively, not only within its key, so that key misses are counted.
 * About half a minute on a loaded 2-core machine: {@code -DexcludedGroups=measurement} leaves it out.
 */
@Tag("measurement")
class GradientFamiliesMeasurementTest {

    private record Member(Loss loss, GradientFingerprint fingerprint, boolean accepted) {}

    private record Families(List<List<Member>> families, int keyMisses, long decisions, long nanos) {
        int count() {
            return families.size();
        }
    }

    @Test
    void initialPopulation() {
        SearchSpec spec = new SearchSpec(500, null, null, null, null, null, null, null, null, null, 1L);
        List<Expression> trees = new Breeder(spec)
                .initialPopulation().stream().map(Candidate::expression).toList();
        report("500 trees of generation 0 (ramped half-and-half, default limits)", trees);
    }

    /** A run as the orchestrator trains it: 50 candidates × 10 generations under a toy fitness. */
    @Test
    void evolvedPopulation() {
        SearchSpec spec = new SearchSpec(50, 10, null, null, null, null, null, null, null, null, 42L);
        List<Expression> trees = new ArrayList<>();
        Evolution.run(
                new Breeder(spec),
                Evolution::crossEntropyLikeness,
                9,
                generation -> generation.stream().map(Candidate::expression).forEach(trees::add));
        report("500 candidates of a bred run (50 x 10 generations, toy fitness: likeness to CE)", trees);
    }

    private static void report(String title, List<Expression> trees) {
        Reduction reduction = Reduction.MEAN; // the search's default reduction
        Map<String, Loss> distinct = new LinkedHashMap<>();
        for (Expression tree : trees) {
            Loss loss = new Loss(tree, reduction);
            distinct.putIfAbsent(LossHash.of(loss), loss);
        }
        List<Member> members = new ArrayList<>();
        double[] wall = new double[distinct.size()];
        double[] cpu = new double[distinct.size()];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Loss loss : distinct.values()) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            GradientFingerprint fingerprint = GradientFingerprint.of(loss);
            cpu[members.size()] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            wall[members.size()] = (System.nanoTime() - start) / 1e6;
            members.add(new Member(loss, fingerprint, Screening.screen(loss).isAccepted()));
        }
        List<Member> defined =
                members.stream().filter(m -> m.fingerprint().isDefined()).toList();
        List<Member> accepted = defined.stream().filter(Member::accepted).toList();

        StringBuilder out = new StringBuilder("\n== gradient families: " + title + "\n");
        out.append(String.format(
                Locale.ROOT,
                "candidates %d, distinct by LossHash %d, fingerprint defined %d (undefined %d),"
                        + " of these screening-accepted %d%n",
                trees.size(),
                distinct.size(),
                defined.size(),
                distinct.size() - defined.size(),
                accepted.size()));
        Map<ScaleInvariance, Families> all = new LinkedHashMap<>();
        long decisions = 0;
        long nanos = 0;
        for (ScaleInvariance invariance : ScaleInvariance.values()) {
            Families ofDefined = families(defined, invariance);
            Families ofAccepted = families(accepted, invariance);
            all.put(invariance, ofDefined);
            decisions += ofDefined.decisions() + ofAccepted.decisions();
            nanos += ofDefined.nanos() + ofAccepted.nanos();
            out.append(String.format(
                    Locale.ROOT,
                    "%-13s  all defined: %d families of %d (%.0f %% redundant), key misses %d;"
                            + " screening-accepted: %d families of %d (%.0f %% redundant), key misses %d%n",
                    invariance,
                    ofDefined.count(),
                    defined.size(),
                    100.0 * (defined.size() - ofDefined.count()) / defined.size(),
                    ofDefined.keyMisses(),
                    ofAccepted.count(),
                    accepted.size(),
                    100.0 * (accepted.size() - ofAccepted.count()) / Math.max(1, accepted.size()),
                    ofAccepted.keyMisses()));
            out.append("               largest: ")
                    .append(ofDefined.families().stream()
                            .sorted(Comparator.comparingInt((List<Member> f) -> f.size())
                                    .reversed())
                            .limit(4)
                            .map(f -> f.size() + " x "
                                    + InfixPrinter.print(f.getFirst().loss().expression()))
                            .collect(Collectors.joining("; ")))
                    .append('\n');
        }
        long keys = defined.stream()
                .map(m -> m.fingerprint().familyKey().orElseThrow())
                .distinct()
                .count();
        out.append("distinct family keys ").append(keys).append('\n');
        out.append("fingerprint ms per loss, wall: ").append(summary(wall)).append('\n');
        out.append("fingerprint ms per loss, thread CPU: ").append(summary(cpu)).append('\n');
        out.append(String.format(
                Locale.ROOT,
                "decision %.1f us wall (mean of %d); machine load %.1f on %d cores%n",
                nanos / 1e3 / Math.max(1, decisions),
                decisions,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        int simplifierDisagreements = 0;
        for (Member member : defined) {
            GradientFingerprint simplified = GradientFingerprint.of(
                    new Loss(Simplifier.simplify(member.loss().expression()), reduction));
            if (!Equivalence.between(member.fingerprint(), simplified, ScaleInvariance.EXACT)
                    .equivalent()) {
                simplifierDisagreements++;
            }
        }
        out.append("simplified form not EXACT-equivalent to the original: ")
                .append(simplifierDisagreements)
                .append(" of ")
                .append(defined.size())
                .append('\n');
        System.out.print(out);

        Families exact = all.get(ScaleInvariance.EXACT);
        Families adam = all.get(ScaleInvariance.ADAM_NO_DECAY);
        assertThat(exact.count()).isBetween(1, defined.size());
        // Ignoring scale can only merge families.
        assertThat(adam.count()).isLessThanOrEqualTo(exact.count());
        // No loss joined a family whose first member has another key: the key narrowed without losing any.
        assertThat(exact.keyMisses()).isZero();
        assertThat(adam.keyMisses()).isZero();
        // The simplifier's canonical form (the hash cache's identity) never changes the gradient here.
        assertThat(simplifierDisagreements).isZero();
    }

    /** Greedy families: each member joins the first family whose first member it is equivalent to. */
    private static Families families(List<Member> members, ScaleInvariance invariance) {
        List<List<Member>> families = new ArrayList<>();
        int keyMisses = 0;
        long decisions = 0;
        long nanos = 0;
        for (Member member : members) {
            List<Member> joined = null;
            for (int f = 0; f < families.size() && joined == null; f++) {
                long start = System.nanoTime();
                boolean same = Equivalence.between(
                                families.get(f).getFirst().fingerprint(), member.fingerprint(), invariance)
                        .equivalent();
                nanos += System.nanoTime() - start;
                decisions++;
                joined = same ? families.get(f) : null;
            }
            if (joined == null) {
                families.add(new ArrayList<>(List.of(member)));
            } else {
                if (!joined.getFirst()
                        .fingerprint()
                        .familyKey()
                        .equals(member.fingerprint().familyKey())) {
                    keyMisses++;
                }
                joined.add(member);
            }
        }
        return new Families(families, keyMisses, decisions, nanos);
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
