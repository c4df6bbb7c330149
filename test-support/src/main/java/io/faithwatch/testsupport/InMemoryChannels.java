package io.faithwatch.testsupport;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/**
 * Switches a service's Kafka channels to in-memory ones, for fast tests of its messaging edges without a broker: the
 * init args {@code incoming} and {@code outgoing} name the channels, comma-separated. The test then sends to and reads
 * from them through the injected {@code InMemoryConnector}.
 */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {
    private String[] incoming = {};
    private String[] outgoing = {};

    @Override
    public void init(Map<String, String> args) {
        incoming = split(args.get("incoming"));
        outgoing = split(args.get("outgoing"));
    }

    private static String[] split(String value) {
        return value == null || value.isBlank() ? new String[0] : Arrays.stream(value.split(",")).map(String::strip).toArray(String[]::new);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory(incoming));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory(outgoing));
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
