package io.faithwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.faithwatch.events.KafkaAccess;
import io.faithwatch.events.Topics;

/**
 * The rights of each service in {@link KafkaAccess} (from which the broker's ACLs are made) are exactly what its channels
 * and its own clients use: a channel outside them would be refused by a secured broker, a right no channel uses is more
 * than the service needs.
 */
class KafkaAccessChannelsTest {
    static final java.util.List<String> SERVICES = OpsFiles.SERVICES;
    static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([a-z-]+)\\.(topic|group\\.id|dead-letter-queue\\.topic)");

    /** Topics and groups a service's own Kafka clients use beside its channels. */
    static final Map<String, Usage> OWN_CLIENTS = Map.of(
            "pair-builder", new Usage(Set.of(Topics.CHECKPOINT_REGISTRY), Set.of(Topics.CHECKPOINT_REGISTRY), Set.of()),
            "model-caller", new Usage(Set.of(Topics.PAIRS_BATCHED), Set.of(Topics.PAIRS_BATCHED, Topics.RESPONSES),
                    Set.of(KafkaAccess.Groups.MODEL_CALLER_BATCHES)));

    record Usage(Set<String> reads, Set<String> writes, Set<String> groups) {
    }

    static Usage channels(String service) {
        Properties props = OpsFiles.serviceProperties(service);
        Set<String> reads = new TreeSet<>(), writes = new TreeSet<>(), groups = new TreeSet<>();
        for (String name : props.stringPropertyNames()) {
            Matcher m = CHANNEL.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String value = props.getProperty(name);
            switch (m.group(3)) {
                case "topic" -> (m.group(1).equals("incoming") ? reads : writes).add(value);
                case "dead-letter-queue.topic" -> writes.add(value);
                default -> groups.add(value.replace("${quarkus.uuid}", ""));
            }
        }
        Usage own = OWN_CLIENTS.getOrDefault(service, new Usage(Set.of(), Set.of(), Set.of()));
        reads.addAll(own.reads());
        writes.addAll(own.writes());
        groups.addAll(own.groups());
        return new Usage(reads, writes, groups);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void eachServicesRightsAreExactlyWhatItsChannelsAndClientsUse(String service) {
        KafkaAccess.Grant grant = KafkaAccess.of(service);
        Usage used = channels(service);
        assertThat(used.reads()).as(service + " reads").isEqualTo(new TreeSet<>(grant.reads()));
        assertThat(used.writes()).as(service + " writes").isEqualTo(new TreeSet<>(grant.writes()));
        Set<String> granted = new TreeSet<>(grant.groups());
        grant.groupPrefixes().forEach(granted::add);
        assertThat(used.groups()).as(service + " groups (prefixes end with -)").isEqualTo(granted);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyTopicNamedInTheRightsExists(String service) {
        assertThat(Topics.all()).containsAll(KafkaAccess.of(service).topics());
    }

    @org.junit.jupiter.api.Test
    void publishersMayOnlyWriteCheckpointsAndRollouts() {
        KafkaAccess.Grant publisher = KafkaAccess.of(KafkaAccess.PUBLISHER);
        assertThat(publisher.writes()).containsExactlyInAnyOrder(Topics.CHECKPOINTS, Topics.ROLLOUTS);
        assertThat(publisher.reads()).isEmpty();
        assertThat(publisher.groups()).isEmpty();
        assertThat(KafkaAccess.all()).extracting(KafkaAccess.Grant::principal)
                .containsExactly("grader", "model-caller", "pair-builder", "publisher", "scorer");
    }
}
