package io.lossforge.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The dependency directions of the design (libs &lt;- services &lt;- cli, services only over REST), as
 * ArchUnit rules. Each rule is built from the packages it governs, so that the same rule runs against the
 * project's main classes ({@link ArchitectureTest}) and against small fixtures that break it
 * ({@link ArchitectureRulesFixtureTest}), which prove it can fail.
 */
final class ArchitectureRules {

    /** The plain-Java libraries under libs/ (io.lossforge.api is the shared wire-type module). */
    static final String[] LIBRARIES = {
        "io.lossforge.loss..",
        "io.lossforge.task..",
        "io.lossforge.search..",
        "io.lossforge.dataset..",
        "io.lossforge.api.."
    };

    static final String[] FRAMEWORKS = {"org.springframework..", "ai.djl..", "jakarta.persistence.."};

    private ArchitectureRules() {}

    /** libs/ are plain Java: they can run in the CLI, a test or a service without a framework. */
    static ArchRule librariesUseNoFramework(String... libraryPackages) {
        return noClasses()
                .that()
                .resideInAnyPackage(libraryPackages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS)
                .because("libs/ are plain Java: no Spring, no DJL, no JPA");
    }

    /**
     * A module that depends on nothing else of the project (loss-core: the loss language every other
     * module builds on).
     */
    static ArchRule selfContained(String projectPackage, String modulePackage) {
        return noClasses()
                .that()
                .resideInAPackage(modulePackage + "..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage(projectPackage + "..").and(not(resideInAPackage(modulePackage + ".."))))
                .as("no classes in " + modulePackage + ".. should depend on the rest of " + projectPackage + "..")
                .because("loss-core is the base of every module and must not depend back on any of them");
    }

    /** Services talk only over REST: none compiles against another. */
    static ArchRule servicesIndependent(String... servicePackages) {
        List<ArchRule> rules = new ArrayList<>();
        for (String service : servicePackages) {
            for (String other : servicePackages) {
                if (!other.equals(service)) {
                    rules.add(noClasses()
                            .that()
                            .resideInAPackage(service + "..")
                            .should()
                            .dependOnClassesThat()
                            .resideInAPackage(other + "..")
                            .because("services talk only over REST"));
                }
            }
        }
        CompositeArchRule all = CompositeArchRule.of(rules.getFirst());
        for (ArchRule rule : rules.subList(1, rules.size())) {
            all = all.and(rule);
        }
        return all;
    }

    /** The CLI reaches services over REST only, so it runs without their code and their frameworks. */
    static ArchRule clientUsesNoService(String clientPackage, String... servicePackages) {
        return noClasses()
                .that()
                .resideInAPackage(clientPackage + "..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(withSubpackages(servicePackages)))
                .as("no classes in " + clientPackage + ".. should depend on a service ("
                        + String.join(", ", servicePackages) + ")")
                .because("the CLI talks to the services only over REST");
    }

    /**
     * Inside each module (io.lossforge.MODULE), the features (io.lossforge.MODULE.FEATURE..) depend on each
     * other without a cycle, so that each can be understood and changed from the bottom up.
     */
    static ArchRule featuresFreeOfCycles(String projectPackage) {
        return slices().matching(projectPackage + ".(*).(*)..")
                .namingSlices("$1.$2")
                .should()
                .beFreeOfCycles()
                .as("features of each module (" + projectPackage + ".MODULE.FEATURE..) should be free of cycles");
    }

    private static String[] withSubpackages(String... packages) {
        return java.util.Arrays.stream(packages).map(p -> p + "..").toArray(String[]::new);
    }
}
