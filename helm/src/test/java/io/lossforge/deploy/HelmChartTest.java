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
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
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
    private static final String INTERNAL = Rendered.RELEASE + "-lossforge-orchestrator-internal";
    private static final String SECURITY = Rendered.RELEASE + "-lossforge-security";
    /** The default security.existingSecret. */
    private static final String EXISTING = "lossforge-security";

    private static final String INTERNAL_TOKEN = "lf_" + "i".repeat(43);
    private static final String SCRAPE_TOKEN = "lf_" + "s".repeat(43);

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
    void defaultValuesRenderTheDeploymentsServicesAndNetworkPolicyOnly() {
        assertThat(defaults.kinds())
                .containsExactly(
                        "Deployment/" + ORCHESTRATOR,
                        "Deployment/" + TRAINER,
                        "NetworkPolicy/" + ORCHESTRATOR,
                        "Service/" + ORCHESTRATOR,
                        "Service/" + INTERNAL,
                        "Service/" + TRAINER);
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
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("http", 8080),
                        org.assertj.core.groups.Tuple.tuple("internal", 8090));
        assertThat(envValue(c, "LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_PORT")).isEqualTo("8090");
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
    void orchestratorUsesTheExternalDatabase() {
        Container c = container(defaults.deployment("orchestrator"));
        assertThat(envValue(c, "SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://");
        assertThat(envValue(c, "SPRING_DATASOURCE_USERNAME")).isEqualTo("lossforge");
        assertThat(envValue(c, "LOSSFORGE_ORCHESTRATOR_DATABASE_EMBEDDED")).isEqualTo("false");
        // gone with the callback URL: trainers report to the orchestrator they are configured with
        assertThat(findEnv(c, "LOSSFORGE_ORCHESTRATOR_PUBLIC_URL")).isEmpty();
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
    void theInternalPortHasAServiceOfItsOwnThatThePublicOneDoesNotExpose() {
        Service internal = defaults.get(Service.class, INTERNAL);
        assertThat(internal.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(internal.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8090);
            assertThat(p.getName()).isEqualTo("internal");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("internal");
        });
        assertSelects(internal, defaults.deployment("orchestrator"));
        assertDoesNotSelect(internal, defaults.deployment("trainer"));
        assertThat(defaults.service("orchestrator").getSpec().getPorts())
                .extracting(ServicePort::getTargetPort)
                .noneMatch(target -> "internal".equals(target.getStrVal())
                        || Integer.valueOf(8090).equals(target.getIntVal()));
        // a LoadBalancer for the API must not take the internal port along
        assertThat(Rendered.template(values("orchestrator.service.type", "LoadBalancer"))
                        .get(Service.class, INTERNAL)
                        .getSpec()
                        .getType())
                .isEqualTo("ClusterIP");
    }

    /** Values with the tokens, so that the chart makes its own security Secret, and the given extras. */
    private static Map<String, Object> withTokens(Object... keysAndValues) {
        Map<String, Object> values =
                values("security.internalToken", INTERNAL_TOKEN, "security.scrapeToken", SCRAPE_TOKEN);
        values.putAll(values(keysAndValues));
        return values;
    }

    @Test
    void byDefaultTheCredentialsComeFromAnExistingSecretAsTheDatabasePasswordDoes() {
        assertThat(defaults.find(Secret.class, SECURITY)).isEmpty();
        for (String component : List.of("orchestrator", "trainer")) {
            assertThat(checksum(defaults, component))
                    .as("nothing of the chart's to roll %s for", component)
                    .isNull();
        }
        assertThatThrownBy(() -> Rendered.template(values("security.existingSecret", "")))
                .hasMessageContaining("set security.existingSecret")
                .hasMessageContaining("security.internalToken");
        // keys given as values would be silently ignored next to an existing Secret
        assertThatThrownBy(() -> Rendered.template(values(
                        "security.apiKeys[0].name", "admin",
                        "security.apiKeys[0].role", "operator",
                        "security.apiKeys[0].sha256", "a".repeat(64))))
                .hasMessageContaining("with security.existingSecret, put the keys into its api-keys.yaml");
    }

    @Test
    void apiKeysAndTokensFromValuesLandInTheChartsSecret() {
        String sha = "a".repeat(64);
        Rendered rendered = Rendered.template(withTokens(
                "security.apiKeys[0].name", "admin",
                "security.apiKeys[0].role", "operator",
                "security.apiKeys[0].sha256", sha,
                "security.apiKeys[1].name", "grafana",
                "security.apiKeys[1].role", "viewer",
                "security.apiKeys[1].sha256", "b".repeat(64)));
        Map<String, String> data = secretData(rendered.get(Secret.class, SECURITY));
        assertThat(data)
                .containsOnlyKeys("internal-token", "scrape-token", "api-keys.yaml")
                .containsEntry("internal-token", INTERNAL_TOKEN)
                .containsEntry("scrape-token", SCRAPE_TOKEN);
        assertThat(apiKeys(data.get("api-keys.yaml")))
                .containsExactly(
                        Map.of("name", "admin", "role", "operator", "sha256", sha),
                        Map.of("name", "grafana", "role", "viewer", "sha256", "b".repeat(64)));
        assertThat(rendered.yaml())
                .as("tokens only base64-encoded in the Secret")
                .doesNotContain(INTERNAL_TOKEN, SCRAPE_TOKEN);
        assertSecretRef(
                container(rendered.deployment("orchestrator")),
                "LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_TOKEN",
                SECURITY,
                "internal-token");
        // without keys the list is empty: closed, every /api call refused
        assertThat(apiKeys(secretData(Rendered.template(withTokens()).get(Secret.class, SECURITY))
                        .get("api-keys.yaml")))
                .isEmpty();
    }

    @Test
    void aKeyInsteadOfItsHashABadRoleOrWeakTokensFailTheRender() {
        assertThatThrownBy(() -> Rendered.template(withTokens(
                        "security.apiKeys[0].name", "admin",
                        "security.apiKeys[0].role", "operator",
                        "security.apiKeys[0].sha256", "lf_" + "x".repeat(43))))
                .hasMessageContaining("security.apiKeys[0].sha256 must be the 64 hex digits");
        assertThatThrownBy(() -> Rendered.template(withTokens(
                        "security.apiKeys[0].name", "admin",
                        "security.apiKeys[0].role", "admin",
                        "security.apiKeys[0].sha256", "a".repeat(64))))
                .hasMessageContaining("security.apiKeys[0].role must be viewer or operator");
        assertThatThrownBy(() -> Rendered.template(values("security.internalToken", INTERNAL_TOKEN)))
                .hasMessageContaining("security.scrapeToken must have at least 32 characters");
        assertThatThrownBy(() -> Rendered.template(
                        values("security.internalToken", "short", "security.scrapeToken", SCRAPE_TOKEN)))
                .hasMessageContaining("security.internalToken must have at least 32 characters");
        assertThatThrownBy(() -> Rendered.template(
                        values("security.internalToken", SCRAPE_TOKEN, "security.scrapeToken", SCRAPE_TOKEN)))
                .hasMessageContaining("must differ");
    }

    @Test
    void bothPodsReadTheTokensFromTheSecretNeverInline() {
        Container orchestrator = container(defaults.deployment("orchestrator"));
        assertSecretRef(orchestrator, "LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_TOKEN", EXISTING, "internal-token");
        assertSecretRef(orchestrator, "LOSSFORGE_ORCHESTRATOR_SECURITY_SCRAPE_TOKEN", EXISTING, "scrape-token");
        Container trainer = container(defaults.deployment("trainer"));
        assertSecretRef(trainer, "LOSSFORGE_TRAINER_SECURITY_INTERNAL_TOKEN", EXISTING, "internal-token");
        assertSecretRef(trainer, "LOSSFORGE_TRAINER_SECURITY_SCRAPE_TOKEN", EXISTING, "scrape-token");
    }

    @Test
    void theOrchestratorImportsTheApiKeysFileMountedFromTheSecret() {
        Deployment deployment = defaults.deployment("orchestrator");
        Container c = container(deployment);
        var mount = c.getVolumeMounts().stream()
                .filter(m -> "security".equals(m.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no security mount in " + c.getVolumeMounts()));
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(envValue(c, "SPRING_CONFIG_IMPORT")).isEqualTo("file:" + mount.getMountPath() + "/api-keys.yaml");
        var volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> "security".equals(v.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo(EXISTING);
        // only the key list is a file; the tokens are not lying around in the file system as well
        assertThat(volume.getSecret().getItems())
                .singleElement()
                .satisfies(item -> assertThat(item.getKey()).isEqualTo("api-keys.yaml"));
    }

    @Test
    void changedKeysRollBothDeployments() {
        Rendered withKey = Rendered.template(withTokens(
                "security.apiKeys[0].name", "admin",
                "security.apiKeys[0].role", "operator",
                "security.apiKeys[0].sha256", "c".repeat(64)));
        Rendered withoutKey = Rendered.template(withTokens());
        for (String component : List.of("orchestrator", "trainer")) {
            assertThat(checksum(withKey, component))
                    .as("checksum/security of %s", component)
                    .isNotNull()
                    .isNotEqualTo(checksum(withoutKey, component));
            assertThat(checksum(Rendered.template(withTokens()), component))
                    .as("the same values, the same checksum")
                    .isEqualTo(checksum(withoutKey, component));
        }
    }

    @Test
    void anExistingSecretReplacesTheChartsOne() {
        Rendered rendered = Rendered.template(values("security.existingSecret", "lossforge-credentials"));
        assertThat(rendered.find(Secret.class, SECURITY)).isEmpty();
        assertSecretRef(
                container(rendered.deployment("orchestrator")),
                "LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_TOKEN",
                "lossforge-credentials",
                "internal-token");
        assertSecretRef(
                container(rendered.deployment("trainer")),
                "LOSSFORGE_TRAINER_SECURITY_INTERNAL_TOKEN",
                "lossforge-credentials",
                "internal-token");
        assertThat(rendered.deployment("orchestrator")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes())
                .anySatisfy(v -> assertThat(
                                v.getSecret() == null ? null : v.getSecret().getSecretName())
                        .isEqualTo("lossforge-credentials"));
        GenericKubernetesResource monitor = serviceMonitor(Rendered.template(
                values("security.existingSecret", "lossforge-credentials", "metrics.serviceMonitor.enabled", true)));
        assertThat(bearerTokenSecret(monitor)).containsEntry("name", "lossforge-credentials");
    }

    @Test
    void theNetworkPolicyAdmitsOnlyTrainerPodsToTheInternalPort() {
        NetworkPolicy policy = defaults.get(NetworkPolicy.class, ORCHESTRATOR);
        Deployment orchestrator = defaults.deployment("orchestrator");
        Deployment trainer = defaults.deployment("trainer");
        Map<String, String> orchestratorPods =
                orchestrator.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> trainerPods =
                trainer.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(orchestratorPods)
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");

        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        // every rule names its ports: no rule admits anything to every port
        assertThat(rules).allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
        NetworkPolicyIngressRule internal = rule(rules, "internal");
        assertThat(internal.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(peer.getIpBlock()).isNull();
            Map<String, String> selector = peer.getPodSelector().getMatchLabels();
            assertThat(trainerPods).containsAllEntriesOf(selector);
            assertThat(orchestratorPods.entrySet().containsAll(selector.entrySet()))
                    .as("orchestrator pods are not admitted")
                    .isFalse();
        });
        // the public port stays open as without a policy
        assertThat(rule(rules, "http").getFrom()).isNullOrEmpty();
        // the named ports are the orchestrator's container ports
        assertThat(container(orchestrator).getPorts())
                .extracting(ContainerPort::getName)
                .contains("http", "internal");
    }

    @Test
    void theNetworkPolicyCanNarrowThePublicPortOrBeLeftOut() {
        Rendered narrowed = Rendered.template(values(
                "networkPolicy.publicFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
                "ingress-nginx"));
        NetworkPolicyIngressRule http =
                rule(narrowed.get(NetworkPolicy.class, ORCHESTRATOR).getSpec().getIngress(), "http");
        assertThat(http.getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
        assertThat(Rendered.template(values("networkPolicy.enabled", false)).all(NetworkPolicy.class))
                .isEmpty();
    }

    @Test
    void trainerIsOfflineAdvertisesItsPodIpAndRegistersThroughTheInternalService() {
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

        Service internal = defaults.get(Service.class, INTERNAL);
        assertThat(envValue(c, "LOSSFORGE_TRAINER_ORCHESTRATOR_URL"))
                .isEqualTo("http://" + internal.getMetadata().getName() + ":"
                        + internal.getSpec().getPorts().getFirst().getPort());
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
        GenericKubernetesResource monitor = serviceMonitor(rendered);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, Object> spec = monitor.get("spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
        });
        // the metrics need the scrape token
        assertThat(bearerTokenSecret(monitor)).containsEntry("name", EXISTING).containsEntry("key", "scrape-token");
        assertThat(bearerTokenSecret(
                        serviceMonitor(Rendered.template(withTokens("metrics.serviceMonitor.enabled", true)))))
                .containsEntry("name", SECURITY);
        // the internal Service matches the selector too, but has no port named http: it is not scraped
        assertThat(rendered.get(Service.class, INTERNAL).getSpec().getPorts())
                .extracting(ServicePort::getName)
                .doesNotContain("http");
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
        assertThat(notes(values("database.password", "x"))).doesNotContain("create secret generic lossforge-db");
    }

    @Test
    void notesSayHowToCreateTheSecuritySecretOrAddTheFirstApiKey() {
        assertThat(notes(Map.of()))
                .contains("kubectl -n " + Rendered.NAMESPACE + " create secret generic " + EXISTING)
                .contains("--from-literal=internal-token=", "--from-literal=scrape-token=", "--from-file=api-keys.yaml")
                .contains("./lossforge key new --role operator")
                .contains("lossforge.orchestrator.security.api-keys:")
                .contains("Authorization: Bearer")
                .contains("http://" + INTERNAL + ":8090");
        assertThat(notes(withTokens()))
                .doesNotContain("create secret generic " + EXISTING)
                .contains("No API key is configured")
                .contains("security.apiKeys[0].sha256=");
        assertThat(notes(withTokens(
                        "security.apiKeys[0].name", "admin",
                        "security.apiKeys[0].role", "operator",
                        "security.apiKeys[0].sha256", "d".repeat(64))))
                .doesNotContain("No API key is configured")
                .contains("API keys: admin (operator)");
    }

    private static GenericKubernetesResource serviceMonitor(Rendered rendered) {
        return rendered.all(GenericKubernetesResource.class).stream()
                .filter(r -> "ServiceMonitor".equals(r.getKind()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ServiceMonitor in " + rendered.kinds()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bearerTokenSecret(GenericKubernetesResource monitor) {
        Map<String, Object> spec = monitor.get("spec");
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertThat(endpoints).isNotEmpty();
        Object secret = endpoints.getFirst().get("bearerTokenSecret");
        assertThat(secret).as("bearerTokenSecret of the ServiceMonitor").isInstanceOf(Map.class);
        return (Map<String, Object>) secret;
    }

    /** A Secret's data, decoded. */
    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> decoded = new java.util.TreeMap<>();
        secret.getData()
                .forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return decoded;
    }

    /** lossforge.orchestrator.security.api-keys of an api-keys.yaml, as Spring reads the file. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> apiKeys(String yaml) {
        Map<String, Object> document = DockerComposeTest.yaml(yaml);
        Map<String, Object> security = DockerComposeTest.map(
                DockerComposeTest.map(
                                DockerComposeTest.map(document.get("lossforge"), "lossforge")
                                        .get("orchestrator"),
                                "lossforge.orchestrator")
                        .get("security"),
                "lossforge.orchestrator.security");
        assertThat(security.get("api-keys")).as("api-keys").isInstanceOf(List.class);
        return (List<Map<String, Object>>) security.get("api-keys");
    }

    private static void assertSecretRef(Container c, String variable, String secret, String key) {
        EnvVar env = env(c, variable);
        assertThat(env.getValue())
                .as("%s of %s is never inline", variable, c.getName())
                .isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(variable).isEqualTo(secret);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(variable).isEqualTo(key);
    }

    private static String checksum(Rendered rendered, String component) {
        Map<String, String> annotations = rendered.deployment(component)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations();
        return annotations == null ? null : annotations.get("checksum/security");
    }

    /** The ingress rule for one named port. */
    private static NetworkPolicyIngressRule rule(List<NetworkPolicyIngressRule> rules, String port) {
        List<NetworkPolicyIngressRule> matching = rules.stream()
                .filter(r -> r.getPorts().stream()
                        .anyMatch(p -> port.equals(p.getPort().getStrVal())))
                .toList();
        assertThat(matching).as("ingress rules for port %s", port).hasSize(1);
        return matching.getFirst();
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
