package io.lossforge.deploy;

import static io.lossforge.deploy.Rendered.container;
import static io.lossforge.deploy.Rendered.env;
import static io.lossforge.deploy.Rendered.envValue;
import static io.lossforge.deploy.Rendered.findEnv;
import static io.lossforge.deploy.Rendered.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart in helm/lossforge, linted and templated by the Helm library embedded in helm-java (no helm
 * binary, no cluster): what `helm lint --strict` and `helm template` say about it.
 */
class HelmChartTest {

    private static final String ORCHESTRATOR = Rendered.RELEASE + "-lossforge-orchestrator";
    private static final String TRAINER = Rendered.RELEASE + "-lossforge-trainer";

    private static Rendered defaults;
    private static String appVersion;

    @BeforeAll
    static void renderDefaults() throws Exception {
        defaults = Rendered.template();
        Matcher m = Pattern.compile("(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?")
                .matcher(Files.readString(Repository.chart().resolve("Chart.yaml")));
        assertThat(m.find()).as("appVersion in Chart.yaml").isTrue();
        appVersion = m.group(1);
    }

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(Repository.chart()).lint().strict().call();
        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void defaultValuesRenderTheTwoDeploymentsAndServicesOnly() {
        assertThat(defaults.kinds())
                .containsExactly(
                        "Deployment/" + ORCHESTRATOR, "Deployment/" + TRAINER,
                        "Service/" + ORCHESTRATOR, "Service/" + TRAINER);
        assertThat(defaults.yaml()).doesNotContain("kind: ServiceMonitor").doesNotContain("kind: Secret");
    }

    @Test
    void orchestratorIsOneReplicaWithHealthProbesOnItsHttpPort() {
        Deployment deployment = defaults.deployment("orchestrator");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        Container c = container(deployment);
        assertThat(c.getImage()).isEqualTo("lossforge/orchestrator:" + appVersion);
        assertThat(c.getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http", 8080));
        assertHealthProbe(c, c.getReadinessProbe(), 8080, "readiness");
        assertHealthProbe(c, c.getLivenessProbe(), 8080, "liveness");
        // the probe groups exist on Kubernetes anyway; the chart does not rely on that detection
        assertThat(envValue(c, "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")).isEqualTo("true");
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getSecurityContext()
                        .getRunAsNonRoot())
                .isTrue();
    }

    @Test
    void orchestratorUsesTheExternalDatabaseAndAdvertisesItsService() {
        Container c = container(defaults.deployment("orchestrator"));
        assertThat(envValue(c, "SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://");
        assertThat(envValue(c, "SPRING_DATASOURCE_USERNAME")).isEqualTo("lossforge");
        assertThat(envValue(c, "LOSSFORGE_ORCHESTRATOR_DATABASE_EMBEDDED")).isEqualTo("false");
        assertThat(envValue(c, "LOSSFORGE_ORCHESTRATOR_PUBLIC_URL")).isEqualTo("http://" + ORCHESTRATOR + ":8080");
        assertThat(findEnv(c, "LOSSFORGE_ORCHESTRATOR_TRAINERS")).isEmpty();
    }

    @Test
    void orchestratorServiceExposes8080AndSelectsOnlyOrchestratorPods() {
        Service service = defaults.service("orchestrator");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertSelects(service, defaults.deployment("orchestrator"));
        assertDoesNotSelect(service, defaults.deployment("trainer"));
        assertDoesNotSelect(defaults.service("trainer"), defaults.deployment("orchestrator"));
        assertSelects(defaults.service("trainer"), defaults.deployment("trainer"));
    }

    @Test
    void trainerIsOfflineAdvertisesItsPodIpAndRegistersThroughTheOrchestratorService() {
        Deployment deployment = defaults.deployment("trainer");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        Container c = container(deployment);
        assertThat(c.getImage()).isEqualTo("lossforge/trainer:" + appVersion);
        assertThat(envValue(c, "DJL_OFFLINE")).isEqualTo("true");
        assertThat(envValue(c, "OPT_OUT_TRACKING")).isEqualTo("true");

        EnvVar podIp = env(c, "POD_IP");
        assertThat(podIp.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        assertThat(envValue(c, "LOSSFORGE_TRAINER_PUBLIC_URL")).isEqualTo("http://$(POD_IP):8081");
        // $(VAR) is expanded only from variables defined earlier in the list
        List<String> names = c.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("POD_IP")).isLessThan(names.indexOf("LOSSFORGE_TRAINER_PUBLIC_URL"));

        Service orchestrator = defaults.service("orchestrator");
        assertThat(envValue(c, "LOSSFORGE_TRAINER_ORCHESTRATOR_URL"))
                .isEqualTo("http://" + orchestrator.getMetadata().getName() + ":"
                        + orchestrator.getSpec().getPorts().getFirst().getPort());
        assertThat(envValue(c, "LOSSFORGE_TRAINER_DATA_ROOT")).isEqualTo("/var/lib/lossforge/data");
        assertThat(c.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/lossforge/data"));
        assertThat(envValue(c, "JAVA_OPTS")).contains("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch");

        assertHealthProbe(c, c.getReadinessProbe(), 8081, "readiness");
        assertHealthProbe(c, c.getLivenessProbe(), 8081, "liveness");
        // CPU by default: no GPU request, no CUDA libtorch
        assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(findEnv(c, "PYTORCH_LIBRARY_PATH")).isEmpty();
        assertThat(findEnv(c, "PYTORCH_FLAVOR")).isEmpty();
    }

    @Test
    void replicasAndGpuAreSetFromValues() {
        Rendered gpu = Rendered.template(values(
                "trainer.replicas",
                3,
                "trainer.gpu.enabled",
                true,
                "trainer.gpu.libraryPath",
                "/opt/libtorch-cu126/lib",
                "trainer.gpu.flavor",
                "cu126"));
        Deployment deployment = gpu.deployment("trainer");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Container c = container(deployment);
        Map<String, Quantity> limits = c.getResources().getLimits();
        assertThat(limits).containsKey("nvidia.com/gpu");
        assertThat(limits.get("nvidia.com/gpu").getAmount()).isEqualTo("1");
        assertThat(limits).as("the memory limit stays").containsKey("memory");
        // The chart passes the configured build through, rather than merely setting something.
        assertThat(envValue(c, "PYTORCH_LIBRARY_PATH")).isEqualTo("/opt/libtorch-cu126/lib");
        assertThat(envValue(c, "PYTORCH_FLAVOR")).isEqualTo("cu126");
        // the orchestrator is not scaled with the trainers
        assertThat(gpu.deployment("orchestrator").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void orchestratorReplicasShareTheDatabaseAndNameThemselvesInTheirClaims() {
        Deployment two = Rendered.template(values("orchestrator.replicas", 2)).deployment("orchestrator");
        assertThat(two.getSpec().getReplicas()).isEqualTo(2);
        assertThat(two.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        EnvVar replica = env(container(two), "LOSSFORGE_ORCHESTRATOR_DISPATCH_REPLICA_ID");
        assertThat(replica.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(envValue(container(two), "LOSSFORGE_ORCHESTRATOR_DATABASE_EMBEDDED"))
                .isEqualTo("false");
    }

    @Test
    void databasePasswordComesFromTheExistingSecretByDefault() {
        EnvVar password = env(container(defaults.deployment("orchestrator")), "SPRING_DATASOURCE_PASSWORD");
        assertThat(password.getValue()).as("never inline").isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("lossforge-db");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(defaults.secrets()).isEmpty();
    }

    @Test
    void aPasswordGivenAsValueBecomesAChartSecretNotAnEnvValue() {
        String secretValue = "s3cr3t-Pa55";
        Rendered rendered = Rendered.template(values("database.password", secretValue));
        Secret secret = rendered.secrets().stream()
                .filter(s -> s.getMetadata().getName().equals("demo-lossforge-database"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chart Secret in " + rendered.kinds()));
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8))
                .isEqualTo(secretValue);
        EnvVar password = env(container(rendered.deployment("orchestrator")), "SPRING_DATASOURCE_PASSWORD");
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("demo-lossforge-database");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(rendered.yaml())
                .as("the clear-text password appears nowhere")
                .doesNotContain(secretValue);
        // a changed password rolls the orchestrator
        assertThat(rendered.deployment("orchestrator")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsKey("checksum/database-secret");
    }

    @Test
    void withoutAnyPasswordSourceRenderingFails() {
        assertThatThrownBy(() -> Rendered.template(values("database.existingSecret", "")))
                .hasMessageContaining("database.existingSecret");
    }

    @Test
    void serviceMonitorIsOptionalAndScrapesBothServices() {
        assertThat(defaults.all(GenericKubernetesResource.class)).isEmpty();
        Rendered rendered = Rendered.template(values("metrics.serviceMonitor.enabled", true));
        GenericKubernetesResource monitor = rendered.all(GenericKubernetesResource.class).stream()
                .filter(r -> "ServiceMonitor".equals(r.getKind()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ServiceMonitor in " + rendered.kinds()));
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, Object> spec = monitor.get("spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
        });
        @SuppressWarnings("unchecked")
        Map<String, String> selector =
                (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        for (String component : List.of("orchestrator", "trainer")) {
            Service service = rendered.service(component);
            assertThat(service.getMetadata().getLabels())
                    .as("labels of %s", component)
                    .containsAllEntriesOf(selector);
            assertThat(service.getSpec().getPorts())
                    .extracting(ServicePort::getName)
                    .contains("http");
        }
    }

    @Test
    void notesTellHowToCreateTheSecretAndReachTheOrchestrator() {
        String notes = notes(Map.of());
        assertThat(notes)
                .contains("kubectl -n " + Rendered.NAMESPACE
                        + " create secret generic lossforge-db --from-literal=password=")
                .contains("kubectl -n " + Rendered.NAMESPACE + " port-forward service/" + ORCHESTRATOR + " 8080:8080")
                .contains("deployment/" + TRAINER);
        assertThat(notes(values("database.password", "x"))).doesNotContain("create secret");
    }

    /** The NOTES of a client-only dry-run install (helm template does not render them). */
    private static String notes(Map<String, Object> values) {
        var install = new Helm(Repository.chart())
                .install()
                .withName(Rendered.RELEASE)
                .withNamespace(Rendered.NAMESPACE)
                .dryRun()
                .clientOnly();
        values.forEach(install::set);
        String output = install.call().getOutput();
        assertThat(output).contains("NOTES:");
        return output.substring(output.indexOf("NOTES:"));
    }

    private static void assertHealthProbe(Container c, Probe probe, int port, String kind) {
        assertThat(probe).as("%s probe of %s", kind, c.getName()).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("%s probe of %s is an HTTP GET", kind, c.getName()).isNotNull();
        assertThat(get.getPath()).startsWith("/actuator/health");
        int resolved = get.getPort().getIntVal() != null
                ? get.getPort().getIntVal()
                : c.getPorts().stream()
                        .filter(p -> get.getPort().getStrVal().equals(p.getName()))
                        .map(ContainerPort::getContainerPort)
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("probe port " + get.getPort() + " is not a container port"));
        assertThat(resolved).isEqualTo(port);
    }

    private static void assertSelects(Service service, Deployment deployment) {
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels)
                .as(
                        "%s selects %s",
                        service.getMetadata().getName(),
                        deployment.getMetadata().getName())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(podLabels)
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }

    private static void assertDoesNotSelect(Service service, Deployment deployment) {
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        boolean selects = service.getSpec().getSelector().entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
        assertThat(selects)
                .as(
                        "%s must not select pods of %s",
                        service.getMetadata().getName(),
                        deployment.getMetadata().getName())
                .isFalse();
    }
}
