package io.lossforge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects {@code helm template} renders from the chart, typed by fabric8. */
record Rendered(String yaml, List<HasMetadata> objects) {

    static final String RELEASE = "demo";
    static final String NAMESPACE = "ml";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Renders the chart with the given --set values (in order). */
    static Rendered template(Map<String, Object> values) {
        TemplateCommand command =
                new Helm(Repository.chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(command::set);
        String yaml = command.call();
        return new Rendered(yaml, parse(yaml));
    }

    static Rendered template() {
        return template(Map.of());
    }

    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof Collection<?> collection) {
            return collection.stream()
                    .filter(o -> o != null)
                    .map(o -> (HasMetadata) o)
                    .toList();
        }
        return parsed == null ? List.of() : List.of((HasMetadata) parsed);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<String> kinds() {
        return objects.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .sorted()
                .toList();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(
                        () -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in " + kinds()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst();
    }

    Deployment deployment(String component) {
        return get(Deployment.class, RELEASE + "-lossforge-" + component);
    }

    Service service(String component) {
        return get(Service.class, RELEASE + "-lossforge-" + component);
    }

    List<Secret> secrets() {
        return all(Secret.class);
    }

    static Container container(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers)
                .as("containers of %s", deployment.getMetadata().getName())
                .hasSize(1);
        return containers.getFirst();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in container " + container.getName() + ": "
                        + container.getEnv().stream().map(EnvVar::getName).toList()));
    }

    static Optional<EnvVar> findEnv(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst();
    }

    static String envValue(Container container, String name) {
        return env(container, name).getValue();
    }
}
