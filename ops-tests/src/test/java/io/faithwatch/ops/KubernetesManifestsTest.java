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

import io.faithwatch.events.KafkaAccess;
import io.faithwatch.events.Topics;
import io.faithwatch.localstack.KafkaBroker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
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
        // Kafka and its node pool, the topics, a user per principal and keda's, two ScaledObjects and their authentication.
        assertThat(custom).isEqualTo(2 + Topics.all().size() + KafkaAccess.all().size() + 1 + 2 + 1);
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

    /** A KafkaUser's ACLs as "type name pattern Operation" (Strimzi's defaults: literal, allow, any host). */
    static Set<String> acls(JsonNode user) {
        Set<String> acls = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            assertThat(acl.path("type").asText("allow")).as("only allow rules").isEqualTo("allow");
            assertThat(acl.path("host").asText("*")).isEqualTo("*");
            JsonNode resource = acl.path("resource");
            acl.path("operations").forEach(op -> acls.add(resource.path("type").asText() + " " + resource.path("name").asText() + " "
                    + resource.path("patternType").asText("literal") + " " + op.asText()));
        }
        return acls;
    }

    /** What KafkaAccess gives a principal, as {@link #acls}. */
    static Set<String> acls(KafkaAccess.Grant grant) {
        Set<String> acls = new TreeSet<>();
        grant.reads().forEach(t -> acls.addAll(List.of("topic " + t + " literal Read", "topic " + t + " literal Describe")));
        grant.writes().forEach(t -> acls.addAll(List.of("topic " + t + " literal Write", "topic " + t + " literal Describe")));
        grant.groups().forEach(g -> acls.add("group " + g + " literal Read"));
        grant.groupPrefixes().forEach(g -> acls.add("group " + g + " prefix Read"));
        return acls;
    }

    static Map<String, JsonNode> kafkaUsers(Overlay o, String cluster) {
        Map<String, JsonNode> users = new TreeMap<>();
        for (JsonNode user : o.ofKind("KafkaUser")) {
            assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            assertThat(user.path("spec").has("userName")).as("the user name is the resource's name, and so is its Secret's").isFalse();
            users.put(user.path("metadata").path("name").asText(), user);
        }
        return users;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachPrincipalIsAKafkaUserWithExactlyItsRightsInKafkaAccess(String overlay) {
        Overlay o = new Overlay(overlay);
        Map<String, JsonNode> users = kafkaUsers(o, o.ofKind("Kafka").get(0).path("metadata").path("name").asText());
        Set<String> principals = new TreeSet<>();
        KafkaAccess.all().forEach(grant -> principals.add(grant.principal()));
        assertThat(users.keySet()).as("a user per principal, and keda's").isEqualTo(union(principals, Set.of("keda")));
        users.forEach((name, user) -> {
            assertThat(user.path("spec").path("authentication").path("type").asText()).as(name).isEqualTo(KafkaAccess.MECHANISM.toLowerCase());
            assertThat(user.path("spec").path("authorization").path("type").asText()).as(name).isEqualTo("simple");
        });
        for (KafkaAccess.Grant grant : KafkaAccess.all()) {
            assertThat(acls(users.get(grant.principal()))).as(grant.principal() + "'s ACLs").isEqualTo(acls(grant));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceSignsInToKafkaAsItsOwnUser(String overlay) {
        Overlay o = new Overlay(overlay);
        Map<String, String> common = o.typed("ConfigMap", "faithwatch-common", ConfigMap.class).getData();
        assertThat(common).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT").containsEntry("KAFKA_SASL_MECHANISM", KafkaAccess.MECHANISM);
        for (String name : SERVICES) {
            Container c = o.typed("Deployment", name, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getEnvFrom()).anySatisfy(from -> assertThat(from.getConfigMapRef()).isNotNull()
                    .satisfies(ref -> assertThat(ref.getName()).isEqualTo("faithwatch-common")));
            List<EnvVar> kafka = c.getEnv().stream().filter(e -> e.getName().startsWith("KAFKA_")).toList();
            assertThat(kafka).as(name + ": how it signs in to Kafka").singleElement().satisfies(e -> {
                assertThat(e.getName()).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
                assertThat(e.getValue()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).as("Strimzi's Secret of KafkaUser " + name).isEqualTo(name);
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
                assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isNotEqualTo(Boolean.TRUE);
            });
            assertThat(o.has("KafkaUser", name)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyKafkaListenerRequiresSigningInAndAclsDecide(String overlay) {
        Overlay o = new Overlay(overlay);
        JsonNode kafka = o.ofKind("Kafka").get(0).path("spec");
        assertThat(kafka.path("kafka").path("listeners")).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.path("authentication").path("type").asText()).as(listener.path("name").asText())
                    .isEqualTo(KafkaAccess.MECHANISM.toLowerCase());
            if (!listener.path("type").asText().equals("internal")) {
                assertThat(listener.path("tls").asBoolean()).as(listener.path("name").asText() + " leaves the cluster: TLS").isTrue();
            }
        });
        assertThat(kafka.path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
        assertThat(kafka.path("kafka").path("authorization").path("superUsers")).as("no super user beside Strimzi's own").isEmpty();
        assertThat(kafka.path("entityOperator").has("userOperator")).as("the user operator makes the KafkaUsers").isTrue();
        if (overlay.equals("prod")) {
            assertThat(kafka.path("kafka").path("listeners")).as("trainers outside the cluster publish over TLS")
                    .anySatisfy(l -> assertThat(l.path("type").asText()).isNotEqualTo("internal"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaReadsLagAsAUserThatMayOnlyDescribeWhatItWatches(String overlay) {
        Overlay o = new Overlay(overlay);
        Set<String> watched = new TreeSet<>();
        Set<String> authentications = new TreeSet<>();
        for (JsonNode scaled : o.ofKind("ScaledObject")) {
            for (JsonNode trigger : scaled.path("spec").path("triggers")) {
                watched.add("topic " + trigger.path("metadata").path("topic").asText() + " literal Describe");
                watched.add("group " + trigger.path("metadata").path("consumerGroup").asText() + " literal Describe");
                assertThat(trigger.path("authenticationRef").path("kind").asText("TriggerAuthentication")).isEqualTo("TriggerAuthentication");
                authentications.add(trigger.path("authenticationRef").path("name").asText());
                assertThat(trigger.path("metadata").has("sasl") || trigger.path("metadata").has("username")).as("credentials only by reference").isFalse();
            }
        }
        JsonNode keda = o.ofKind("KafkaUser").stream().filter(u -> u.path("metadata").path("name").asText().equals("keda")).findFirst().orElseThrow();
        assertThat(acls(keda)).as("keda may describe the groups it scales on and their topics, nothing else").isEqualTo(watched);
        assertThat(authentications).singleElement().satisfies(name -> {
            JsonNode auth = o.ofKind("TriggerAuthentication").stream().filter(a -> a.path("metadata").path("name").asText().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no TriggerAuthentication " + name));
            Map<String, String> parameters = new TreeMap<>();
            for (JsonNode ref : auth.path("spec").path("configMapTargetRef")) {
                parameters.put(ref.path("parameter").asText(), o.typed("ConfigMap", ref.path("name").asText(), ConfigMap.class).getData()
                        .get(ref.path("key").asText()));
            }
            for (JsonNode ref : auth.path("spec").path("secretTargetRef")) {
                parameters.put(ref.path("parameter").asText(), "Secret " + ref.path("name").asText() + "/" + ref.path("key").asText());
            }
            assertThat(parameters).containsExactlyInAnyOrderEntriesOf(Map.of("sasl", "scram_sha512", "username", "keda",
                    "password", "Secret keda/password"));
        });
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
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

    /**
     * The CRDs of ../shared/schemas/crds by group/kind; for a kind they lack, the hand-written stand-in of
     * ops-tests/src/test/resources/crds (KafkaUser, TriggerAuthentication), which the shared CRD replaces once it is there.
     */
    static Map<String, JsonNode> crds() {
        Map<String, JsonNode> crds = new HashMap<>();
        for (Path dir : List.of(OpsFiles.SCHEMAS.resolve("crds"), ROOT.resolve("ops-tests/src/test/resources/crds"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(f -> {
                    JsonNode crd = OpsFiles.yaml(f);
                    crds.putIfAbsent(crd.path("spec").path("group").asText() + "/" + crd.path("spec").path("names").path("kind").asText(), crd);
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThat(crds).containsKeys("kafka.strimzi.io/Kafka", "kafka.strimzi.io/KafkaTopic", "kafka.strimzi.io/KafkaNodePool",
                "kafka.strimzi.io/KafkaUser", "keda.sh/ScaledObject", "keda.sh/TriggerAuthentication");
        return crds;
    }
}
