package io.lossforge.architecture;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where the project's main classes are: the {@code target/classes} directory of every module this one
 * depends on. Not their jars: the services' jars are Spring Boot fat jars (classes under BOOT-INF/) and the
 * CLI's is shaded (it carries copies of the libraries), so neither shows each module's own classes.
 */
final class MainClasses implements LocationProvider {

    @Override
    public Set<Location> get(Class<?> testClass) {
        return locations();
    }

    static Set<Location> locations() {
        Path project = Path.of(System.getProperty("lossforge.project.dir", ".."))
                .toAbsolutePath()
                .normalize();
        Path self = Path.of("").toAbsolutePath().normalize();
        Set<Location> locations = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (!path.startsWith(project) || path.startsWith(self)) {
                continue;
            }
            // In the reactor a module is on the class path as target/classes (before packaging) or as its
            // jar in target/ (after): both lead to target/classes.
            Path classes = Files.isDirectory(path) ? path : path.resolveSibling("classes");
            if (Files.isDirectory(classes) && classes.getFileName().toString().equals("classes")) {
                locations.add(Location.of(classes));
            }
        }
        return locations;
    }
}
