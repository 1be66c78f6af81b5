package io.lossforge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rules are only as good as what they see: every module's main classes, and no test class. */
class MainClassesTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importLocations(MainClasses.locations());

    @Test
    void everyModuleContributesItsOwnMainClasses() {
        Set<String> modules = classes.stream().map(MainClassesTest::module).collect(Collectors.toSet());

        assertThat(modules)
                .contains(
                        "loss",
                        "task",
                        "search",
                        "dataset",
                        "api",
                        "web",
                        "contract",
                        "trainer",
                        "orchestrator",
                        "cli");
        // The application classes of the services, which live only in their Boot jars' BOOT-INF/classes.
        assertThat(classes.contain("io.lossforge.orchestrator.OrchestratorApplication"))
                .isTrue();
        assertThat(classes.contain("io.lossforge.trainer.TrainerApplication")).isTrue();
    }

    @Test
    void noTestOrFixtureClassIsImported() {
        assertThat(classes.stream().map(JavaClass::getName))
                .noneMatch(name -> name.endsWith("Test")
                        || name.startsWith("io.lossforge.fixture")
                        || name.startsWith("io.lossforge.architecture"));
    }

    private static String module(JavaClass javaClass) {
        String[] parts = javaClass.getPackageName().split("\\.");
        return parts.length > 2 ? parts[2] : "";
    }
}
