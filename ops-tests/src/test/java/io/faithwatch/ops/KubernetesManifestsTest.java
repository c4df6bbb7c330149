package io.faithwatch.ops;

import static io.faithwatch.ops.OpsFiles.ROOT;
import static io.faithwatch.ops.OpsFiles.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Topics;
import io.faithwatch.localstack.KafkaBroker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * k8s/: every kustomization names only files that exist; each overlay, rendered, is made of typed Kubernetes objects
 * without unknown fields and of custom resources that the Strimzi and KEDA CRD schemas accept; and what it deploys agrees
 * with the services' own settings, the topics and the partitions.
 */
class KubernetesManifestsTest {
    static final Path K8S = ROOT.resolve("k8s");
    static final Map<String, JsonNode> CRDS = crds();

    @Test
    void everyKustomizationReferencesOnlyFilesThatExist() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(K8S)) {
            kustomizations = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertThat(kustomizations).contains(K8S.resolve("base/kustomization.yaml"), K8S.resolve("overlays/dev/kustomization.yaml"),
                K8S.resolve("overlays/prod/kustomization.yaml"));
        Set<Path> referenced = new TreeSet<>();
        for (Path k : kustomizations) {
            for (Path ref : Kustomize.references(k.getParent())) {
                assertThat(Files.isRegularFile(ref) || Files.isRegularFile(ref.resolve("kustomization.yaml")))
                        .as(ROOT.relativize(k) + " references " + ref).isTrue();
                referenced.add(ref);
            }
        }
        try (Stream<Path> files = Files.walk(K8S)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals("kustomization.yaml")))
                    .as("every manifest is used by some kustomization").allSatisfy(f -> assertThat(referenced).contains(f));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsATypedKubernetesObjectOrACustomResourceItsCrdAccepts(String overlay) {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve("overlays").resolve(overlay));
        int custom = 0;
        for (ObjectNode object : objects) {
            String what = overlay + ": " + object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
            JsonNode crd = CRDS.get(object.path("apiVersion").asText().split("/")[0] + "/" + object.path("kind").asText());
            if (crd != null) {
                custom++;
                String version = object.path("apiVersion").asText().split("/")[1];
                JsonNode served = null;
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (v.path("name").asText().equals(version) && v.path("served").asBoolean()) {
                        served = v;
                    }
                }
                assertThat(served).as(what + ": version " + version + " is served by the CRD").isNotNull();
                assertThat(Schemas.errors(Schemas.strictCrdSchema(served.path("schema").path("openAPIV3Schema")), object)).as(what).isEmpty();
            } else {
                HasMetadata typed = Serialization.unmarshal(object.toString());
                assertThat(typed).as(what + " is a known Kubernetes kind").isNotInstanceOf(GenericKubernetesResource.class);
                assertThat(unknownFields(typed, object.path("kind").asText())).as(what + ": fields the Kubernetes API does not know").isEmpty();
            }
        }
        assertThat(custom).isEqualTo(2 + Topics.all().size() + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServicesRunNonRootWithProbesLimitsConfigAndAScrapeAnnotation(String overlay) {
        Overlay o = new Overlay(overlay);
        for (String name : SERVICES) {
            Deployment d = o.typed("Deployment", name, Deployment.class);
            int port = OpsFiles.httpPort(name);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getContainers()).hasSize(1);
            Container c = pod.getContainers().get(0);
            assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(port);
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(c.getPorts().get(0).getName());
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            assertThat(c.getImage()).contains("faithwatch/" + name + ":");
            Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", String.valueOf(port))
                    .containsEntry("prometheus.io/path", "/q/metrics");
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());

            Service s = o.typed("Service", name, Service.class);
            assertThat(s.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
            assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(port);

            Set<String> settings = new TreeSet<>();
            List<String> configMaps = new ArrayList<>(), secrets = new ArrayList<>();
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    configMaps.add(from.getConfigMapRef().getName());
                    settings.addAll(o.typed("ConfigMap", from.getConfigMapRef().getName(), ConfigMap.class).getData().keySet());
                } else {
                    secrets.add(from.getSecretRef().getName());
                    if (o.has("Secret", from.getSecretRef().getName())) {
                        settings.addAll(o.typed("Secret", from.getSecretRef().getName(), Secret.class).getStringData().keySet());
                    }
                }
            }
            assertThat(configMaps).containsExactly("faithwatch-common", name + "-config");
            assertThat(secrets).containsExactly(name + "-secrets");
            assertThat(OpsFiles.environmentNames(name)).as("settings %s understands", name).containsAll(settings);
        }
        assertThat(o.typed("ConfigMap", "scorer-config", ConfigMap.class).getData()).containsKey("QUARKUS_DATASOURCE_JDBC_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaIsStrimziInKraftWithEveryTopicAndThePartitionsTheServicesExpect(String overlay) {
        Overlay o = new Overlay(overlay);
        List<JsonNode> kafkas = o.ofKind("Kafka");
        assertThat(kafkas).hasSize(1);
        JsonNode kafka = kafkas.get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        List<JsonNode> pools = o.ofKind("KafkaNodePool");
        assertThat(pools).allSatisfy(p -> assertThat(p.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster));
        Set<String> roles = new TreeSet<>();
        pools.forEach(p -> p.path("spec").path("roles").forEach(r -> roles.add(r.asText())));
        assertThat(roles).as("KRaft: controllers in a node pool, no ZooKeeper").contains("controller", "broker");
        assertThat(kafka.path("spec").has("zookeeper")).isFalse();
        int brokers = pools.stream().filter(p -> p.path("spec").path("roles").toString().contains("broker"))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isLessThanOrEqualTo(brokers);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isLessThanOrEqualTo(brokers);
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();

        String bootstrap = o.typed("ConfigMap", "faithwatch-common", ConfigMap.class).getData().get("KAFKA_BOOTSTRAP_SERVERS");
        Set<String> listeners = new TreeSet<>();
        kafka.path("spec").path("kafka").path("listeners").forEach(l -> {
            if (l.path("type").asText().equals("internal") && !l.path("tls").asBoolean()) {
                listeners.add(cluster + "-kafka-bootstrap:" + l.path("port").asInt());
            }
        });
        assertThat(listeners).as("Strimzi's bootstrap Service of a plain internal listener").contains(bootstrap);

        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode t : o.ofKind("KafkaTopic")) {
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            topics.put(t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText()), t.path("spec"));
        }
        assertThat(topics.keySet()).isEqualTo(new TreeSet<>(Topics.all()));
        topics.forEach((name, spec) -> {
            assertThat(spec.path("partitions").asInt()).as(name).isEqualTo(KafkaBroker.PARTITIONS);
            assertThat(spec.path("replicas").asInt()).as(name).isBetween(1, brokers);
            assertThat(spec.path("config").path("min.insync.replicas").asInt(1)).as(name).isLessThanOrEqualTo(spec.path("replicas").asInt());
            assertThat(spec.path("config").path("cleanup.policy").asText("delete")).as(name)
                    .isEqualTo(Topics.COMPACTED.contains(name) ? "compact" : "delete");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaScalesModelCallerAndGraderOnTheirOwnConsumerGroupsWithinThePartitions(String overlay) {
        Overlay o = new Overlay(overlay);
        String bootstrap = o.typed("ConfigMap", "faithwatch-common", ConfigMap.class).getData().get("KAFKA_BOOTSTRAP_SERVERS");
        Map<String, JsonNode> scaled = new TreeMap<>();
        o.ofKind("ScaledObject").forEach(s -> scaled.put(s.path("spec").path("scaleTargetRef").path("name").asText(), s.path("spec")));
        assertThat(scaled.keySet()).containsExactly("grader", "model-caller");
        scaled.forEach((service, spec) -> {
            assertThat(o.has("Deployment", service)).isTrue();
            assertThat(spec.path("maxReplicaCount").asInt()).as(service).isBetween(1, KafkaBroker.PARTITIONS);
            assertThat(spec.path("minReplicaCount").asInt()).isLessThanOrEqualTo(spec.path("maxReplicaCount").asInt());
            JsonNode trigger = spec.path("triggers").get(0);
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            String topic = trigger.path("metadata").path("topic").asText();
            assertThat(OpsFiles.consumerGroup(service, topic)).as(service + " reads " + topic + " as group")
                    .isEqualTo(trigger.path("metadata").path("consumerGroup").asText());
            assertThat(trigger.path("metadata").path("bootstrapServers").asText()).isEqualTo(bootstrap);
            assertThat(Integer.parseInt(trigger.path("metadata").path("lagThreshold").asText())).isPositive();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesLetInOnlyWhatMustTalk(String overlay) {
        Overlay o = new Overlay(overlay);
        List<NetworkPolicy> policies = o.ofKind("NetworkPolicy").stream().map(p -> Serialization.unmarshal(p.toString(), NetworkPolicy.class)).toList();
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        });
        for (NetworkPolicy p : policies) {
            for (var rule : p.getSpec().getIngress()) {
                assertThat(rule.getFrom()).as(p.getMetadata().getName() + ": no rule lets everyone in").isNotEmpty();
                assertThat(rule.getPorts()).as(p.getMetadata().getName() + ": ports named").isNotEmpty();
            }
        }
        // Kafka's listener: Strimzi writes its policy from networkPolicyPeers; only faithwatch pods and KEDA.
        JsonNode listener = o.ofKind("Kafka").get(0).path("spec").path("kafka").path("listeners").get(0);
        assertThat(listener.path("networkPolicyPeers")).isNotEmpty();
        if (o.has("StatefulSet", "postgres")) {
            List<NetworkPolicyPeer> peers = policies.stream()
                    .filter(p -> "postgres".equals(p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name")))
                    .flatMap(p -> p.getSpec().getIngress().stream()).flatMap(r -> r.getFrom().stream()).toList();
            assertThat(peers).singleElement().satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                    .containsExactly(Map.entry("app.kubernetes.io/name", "scorer")));
        }
    }

    /** dev generates its throwaway secrets; prod's come from the commands in the README, one per required secret. */
    @Test
    void everyRequiredSecretIsGeneratedInDevAndCreatedByTheReadmeInProd() throws IOException {
        Overlay dev = new Overlay("dev");
        assertThat(requiredSecrets(dev)).contains("pair-builder-secrets", "scorer-secrets", "postgres-secrets")
                .allSatisfy(s -> assertThat(dev.has("Secret", s)).as("dev generates " + s).isTrue());
        Overlay prod = new Overlay("prod");
        assertThat(prod.ofKind("Secret")).as("no secret is committed for prod").isEmpty();
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String secret : requiredSecrets(prod)) {
            assertThat(readme).contains("kubectl -n faithwatch create secret generic " + secret);
        }
        for (JsonNode secretGenerator : OpsFiles.yaml(K8S.resolve("overlays/dev/kustomization.yaml")).path("secretGenerator")) {
            assertThat(secretGenerator.path("literals").toString()).doesNotContainIgnoringCase("sk-");
        }
    }

    static Set<String> requiredSecrets(Overlay o) {
        Set<String> names = new TreeSet<>();
        for (JsonNode object : o.objects) {
            for (JsonNode c : object.path("spec").path("template").path("spec").path("containers")) {
                c.path("envFrom").forEach(from -> {
                    if (from.has("secretRef") && !from.path("secretRef").path("optional").asBoolean(false)) {
                        names.add(from.path("secretRef").path("name").asText());
                    }
                });
            }
        }
        return names;
    }

    /** An overlay rendered, looked up by kind and name. */
    static final class Overlay {
        final List<ObjectNode> objects;

        Overlay(String name) {
            this.objects = Kustomize.render(K8S.resolve("overlays").resolve(name));
        }

        List<JsonNode> ofKind(String kind) {
            return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).map(o -> (JsonNode) o).toList();
        }

        boolean has(String kind, String name) {
            return ofKind(kind).stream().anyMatch(o -> o.path("metadata").path("name").asText().equals(name));
        }

        <T> T typed(String kind, String name, Class<T> type) {
            JsonNode node = ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
            return Serialization.unmarshal(node.toString(), type);
        }
    }

    /** Fields the typed model did not recognise (fabric8 keeps them in additionalProperties): typos, wrong nesting. */
    static List<String> unknownFields(Object object, String path) {
        List<String> unknown = new ArrayList<>();
        if (object == null || !object.getClass().getName().startsWith("io.fabric8.")) {
            if (object instanceof Collection<?> list) {
                int i = 0;
                for (Object item : list) {
                    unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
                }
            } else if (object instanceof Map<?, ?> map) {
                map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
            }
            return unknown;
        }
        for (Method m : object.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = m.invoke(object);
                if (m.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknown.addAll(unknownFields(value, path + "." + m.getName().substring(3)));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return unknown;
    }

    static Map<String, JsonNode> crds() {
        Map<String, JsonNode> crds = new HashMap<>();
        try (Stream<Path> files = Files.list(OpsFiles.SCHEMAS.resolve("crds"))) {
            files.forEach(f -> {
                JsonNode crd = OpsFiles.yaml(f);
                crds.put(crd.path("spec").path("group").asText() + "/" + crd.path("spec").path("names").path("kind").asText(), crd);
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(crds).containsKeys("kafka.strimzi.io/Kafka", "kafka.strimzi.io/KafkaTopic", "kafka.strimzi.io/KafkaNodePool",
                "keda.sh/ScaledObject");
        return crds;
    }
}
