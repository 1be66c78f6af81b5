package io.lossforge.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import com.tngtech.archunit.library.freeze.ViolationStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureRules}, built for the fixture packages (io.lossforge.fixture..), reports
 * the fixture classes that break it and only those: proof that the rules over the real code can fail.
 */
class ArchitectureRulesFixtureTest {

    private static JavaClasses fixtures(String... packages) {
        return new ClassFileImporter().importPackages(packages);
    }

    /** The violation lines of a rule on the fixtures; the rule must also fail check(). */
    private static String violations(ArchRule rule, JavaClasses classes) {
        assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class);
        EvaluationResult result = rule.evaluate(classes);
        return String.join("\n", result.getFailureReport().getDetails());
    }

    @Test
    void aLibraryImportingSpringDjlOrJpaFails() {
        String report = violations(
                ArchitectureRules.librariesUseNoFramework("io.lossforge.fixture.libs.."),
                fixtures("io.lossforge.fixture.libs"));

        assertThat(report)
                .contains("UsesSpring", "org.springframework.util.StringUtils")
                .contains("UsesDjl", "ai.djl.ndarray.NDArray")
                .contains("UsesJpa", "jakarta.persistence.Entity")
                .doesNotContain("PlainHelper");
    }

    @Test
    void theRealLibraryRuleCoversEveryLibraryPackage() {
        // The fixture proves the condition; this pins what it is applied to in ArchitectureTest.
        assertThat(ArchitectureTest.librariesUseNoFramework.getDescription())
                .contains(
                        "io.lossforge.loss..",
                        "io.lossforge.task..",
                        "io.lossforge.search..",
                        "io.lossforge.dataset..",
                        "io.lossforge.api..",
                        "org.springframework..",
                        "ai.djl..",
                        "jakarta.persistence..");
    }

    @Test
    void aBaseModuleDependingOnTheRestOfTheProjectFails() {
        String report = violations(
                ArchitectureRules.selfContained("io.lossforge.fixture.project", "io.lossforge.fixture.project.core"),
                fixtures("io.lossforge.fixture.project"));

        assertThat(report)
                .contains("fixture.project.core.Core", "fixture.project.app.App")
                .doesNotContain("SelfContained");
    }

    @Test
    void aServiceUsingAnotherServiceFailsInEitherDirection() {
        String report = violations(
                ArchitectureRules.servicesIndependent(
                        "io.lossforge.fixture.services.alpha", "io.lossforge.fixture.services.beta"),
                fixtures("io.lossforge.fixture.services"));

        assertThat(report)
                .contains("services.alpha.Alpha.call(io.lossforge.fixture.services.beta.Beta)")
                .contains("services.beta.BetaUsesAlpha.alpha()");
    }

    @Test
    void aClientUsingAServiceClassFails() {
        String report = violations(
                ArchitectureRules.clientUsesNoService(
                        "io.lossforge.fixture.client",
                        "io.lossforge.fixture.services.alpha",
                        "io.lossforge.fixture.services.beta"),
                fixtures("io.lossforge.fixture.client", "io.lossforge.fixture.services"));

        assertThat(report).contains("fixture.client.Client").doesNotContain("RestClient");
    }

    @Test
    void aPackageCycleInsideAModuleFails() {
        String report = violations(
                ArchitectureRules.featuresFreeOfCycles("io.lossforge.fixture.cycles"),
                fixtures(
                        "io.lossforge.fixture.cycles.mod.a",
                        "io.lossforge.fixture.cycles.mod.b",
                        "io.lossforge.fixture.cycles.mod.c"));

        assertThat(report).contains("Cycle detected: mod.a -> ", "mod.b").doesNotContain("mod.c");
    }

    @Test
    void aFrozenRuleToleratesTheStoredCycleButFailsOnANewOne() {
        InMemoryStore store = new InMemoryStore();
        ArchRule rule = FreezingArchRule.freeze(ArchitectureRules.featuresFreeOfCycles("io.lossforge.fixture.cycles"))
                .persistIn(store);
        JavaClasses today = fixtures(
                "io.lossforge.fixture.cycles.mod.a",
                "io.lossforge.fixture.cycles.mod.b",
                "io.lossforge.fixture.cycles.mod.c");
        rule.check(today); // the first run records a <-> b
        assertThat(store.saved)
                .singleElement()
                .satisfies(lines -> assertThat(lines).singleElement().asString().contains("mod.a", "mod.b"));

        rule.check(today); // the recorded cycle alone passes

        JavaClasses withNewCycle = fixtures("io.lossforge.fixture.cycles.mod");
        String report = violations(rule, withNewCycle);
        assertThat(report).contains("Cycle detected: mod.d -> ").doesNotContain("mod.a -> ");
    }

    @Test
    void theCommittedConfigurationRefusesToRecordANewFrozenRule() {
        // An explicit -Darchunit.freeze.store.default.allowStoreUpdate=true run updates the store on purpose.
        assumeFalse(Boolean.getBoolean("archunit.freeze.store.default.allowStoreUpdate"));
        ArchRule newlyFrozen =
                FreezingArchRule.freeze(ArchitectureRules.featuresFreeOfCycles("io.lossforge.fixture.cycles"));

        assertThatThrownBy(() -> newlyFrozen.check(fixtures("io.lossforge.fixture.cycles.mod")))
                .hasMessageContaining("Updating frozen violations is disabled");
    }

    /** A violation store in memory that records what it is given, as the text store does when allowed to. */
    private static final class InMemoryStore implements ViolationStore {
        final Map<String, List<String>> byRule = new HashMap<>();
        final java.util.Collection<List<String>> saved = byRule.values();

        @Override
        public void initialize(Properties properties) {}

        @Override
        public boolean contains(ArchRule rule) {
            return byRule.containsKey(rule.getDescription());
        }

        @Override
        public void save(ArchRule rule, List<String> violations) {
            byRule.put(rule.getDescription(), List.copyOf(violations));
        }

        @Override
        public List<String> getViolations(ArchRule rule) {
            return byRule.getOrDefault(rule.getDescription(), List.of());
        }
    }
}
