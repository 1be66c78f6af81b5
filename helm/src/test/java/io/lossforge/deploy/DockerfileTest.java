package io.lossforge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two Dockerfiles, read as text (no Docker engine here): a Temurin 21+ JRE, the jar Maven builds (no
 * build inside the image), a non-root user; the trainer's entrypoint is run with sh to see the URL it
 * advertises.
 */
class DockerfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"orchestrator", "trainer"})
    void imageCopiesTheJarMavenBuildsOntoATemurinJreAndRunsAsNonRoot(String service) {
        String dockerfile = Repository.read("services/" + service + "/Dockerfile");
        String finalName = finalName(service);
        assertThat(finalName).isEqualTo("lossforge-" + service);

        Matcher base = Pattern.compile("(?m)^ARG JRE_IMAGE=eclipse-temurin:(\\d+)-jre\\s*$")
                .matcher(dockerfile);
        assertThat(base.find()).as("eclipse-temurin:NN-jre base image").isTrue();
        assertThat(Integer.parseInt(base.group(1))).isGreaterThanOrEqualTo(21);
        assertThat(dockerfile).containsPattern("(?m)^FROM \\$\\{JRE_IMAGE}\\s*$");

        String jar = "services/" + service + "/target/" + finalName + ".jar";
        assertThat(dockerfile).containsPattern("(?m)^COPY .*" + Pattern.quote(jar) + " ");
        assertThat(dockerignore()).as(".dockerignore sends the jar").contains("!" + jar);
        assertThat(dockerfile).as("nothing is compiled in the image").doesNotContainPattern("(?m)^RUN .*(mvn|javac)");

        Matcher user = Pattern.compile("(?m)^USER (\\S+)\\s*$").matcher(dockerfile);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        assertThat(last).as("USER").isNotNull().doesNotStartWith("root").doesNotStartWith("0");
        assertThat(dockerfile).contains("--enable-native-access=ALL-UNNAMED");
        int port = service.equals("trainer") ? 8081 : 8080;
        assertThat(dockerfile)
                .containsPattern("(?m)^EXPOSE " + port + "\\s*$")
                .containsPattern(
                        "(?m)^HEALTHCHECK .*\\n\\s+CMD curl -fsS http://127\\.0\\.0\\.1:" + port + "/actuator/health");
    }

    @Test
    void dockerignoreSendsOnlyTheJars() {
        List<String> patterns = dockerignore()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(patterns.getFirst()).isEqualTo("*");
        assertThat(patterns.subList(1, patterns.size())).allMatch(p -> p.startsWith("!") && p.endsWith(".jar"));
    }

    @Test
    void trainerImageHasNpmForDatasetsAndIsOffline() {
        String dockerfile = Repository.read("services/trainer/Dockerfile");
        assertThat(dockerfile)
                .containsPattern("apt-get install [^\\n]*\\bnodejs\\b")
                .containsPattern("apt-get install [^\\n]*\\bnpm\\b");
        assertThat(dockerfile).containsPattern("DJL_OFFLINE=true").containsPattern("OPT_OUT_TRACKING=true");
        assertThat(dockerfile).contains("LOSSFORGE_TRAINER_DATA_ROOT=/var/lib/lossforge/data");
        assertThat(dockerfile).contains("-Xms768m -Xmx768m -XX:+AlwaysPreTouch");
        // GPU settings are optional: never baked into the CPU image
        assertThat(dockerfile).doesNotContainPattern("(?m)^\\s*(ENV\\s+)?PYTORCH_(LIBRARY_PATH|FLAVOR)=");
    }

    @Test
    void trainerEntrypointAdvertisesItsOwnAddressUnlessGivenOne(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path script = dir.resolve("entrypoint.sh");
        Files.writeString(script, entrypointScript());
        // a stand-in for the JVM on the PATH: shows the environment and arguments java would get
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\necho \"java sees LOSSFORGE_TRAINER_PUBLIC_URL=$LOSSFORGE_TRAINER_PUBLIC_URL\"\n"
                        + "echo \"java args: $*\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();

        Result derived =
                run(script, bin, Map.of("JAVA_OPTS", "-Xmx768m -XX:+AlwaysPreTouch"), "--spring.main.banner-mode=off");
        assertThat(derived.exit).as(derived.output).isZero();
        assertThat(derived.output).containsPattern("java sees LOSSFORGE_TRAINER_PUBLIC_URL=http://[^\\s:/]+:8081\\n");
        assertThat(derived.output)
                .contains("java args: --enable-native-access=ALL-UNNAMED -Xmx768m -XX:+AlwaysPreTouch "
                        + "-jar /app/lossforge-trainer.jar --spring.main.banner-mode=off");

        Result port = run(script, bin, Map.of("SERVER_PORT", "9001"));
        assertThat(port.output).containsPattern("java sees LOSSFORGE_TRAINER_PUBLIC_URL=http://[^\\s:/]+:9001\\n");

        Result given = run(script, bin, Map.of("LOSSFORGE_TRAINER_PUBLIC_URL", "http://10.1.2.3:8081"));
        assertThat(given.output).contains("java sees LOSSFORGE_TRAINER_PUBLIC_URL=http://10.1.2.3:8081\n");
    }

    /** The heredoc that becomes /app/entrypoint.sh, which must be the trainer image's ENTRYPOINT. */
    private static String entrypointScript() {
        String dockerfile = Repository.read("services/trainer/Dockerfile");
        Matcher m = Pattern.compile("(?ms)^COPY --chmod=755 <<'EOF' (\\S+)\\n(.*?)^EOF$")
                .matcher(dockerfile);
        assertThat(m.find()).as("entrypoint heredoc in the trainer Dockerfile").isTrue();
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"" + Pattern.quote(m.group(1)) + "\"]\\s*$");
        return m.group(2);
    }

    private record Result(int exit, String output) {}

    private static Result run(Path script, Path bin, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("LOSSFORGE_") || k.equals("SERVER_PORT") || k.equals("JAVA_OPTS"));
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static String dockerignore() {
        return Repository.read(".dockerignore");
    }

    private static String finalName(String service) {
        Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>")
                .matcher(Repository.read("services/" + service + "/pom.xml"));
        assertThat(m.find()).as("finalName in services/%s/pom.xml", service).isTrue();
        return m.group(1);
    }
}
