package io.faithwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The rule of docs/design.md §4, the same in every service: no consumer declares a record stuck for its age (a model
 * call of 20 minutes, an endpoint down for an hour), and no send gives up on a valid event because the broker is away.
 * The end-to-end tests show the behaviour with calls slower than every other threshold; this holds the settings that
 * make it, which a test of minutes could not: the connector's own limit is 60 s.
 */
class SlowWorkSettingsTest {
    static final List<String> SERVICES = OpsFiles.SERVICES;
    static final Pattern CHANNEL = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.([a-z-]+)\\.connector$");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void noRecordIsStuckForItsAgeAndNoSendGivesUpOnTheBroker(String service) {
        Properties properties = OpsFiles.serviceProperties(service);
        assertThat(properties.getProperty("mp.messaging.connector.smallrye-kafka.throttled.unprocessed-record-max-age.ms"))
                .as(service + ": the throttled commit strategy's age check").isEqualTo("0");
        Set<String> incoming = new TreeSet<>();
        Set<String> outgoing = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = CHANNEL.matcher(key);
            if (m.matches()) {
                (m.group(1).equals("incoming") ? incoming : outgoing).add(m.group(2));
            }
        }
        assertThat(incoming).as(service + " reads").isNotEmpty();
        for (String channel : incoming) {
            String strategy = properties.getProperty("mp.messaging.incoming." + channel + ".commit-strategy", "throttled");
            boolean replayedWhole = "false".equals(properties.getProperty("mp.messaging.incoming." + channel + ".enable.auto.commit"))
                    && strategy.equals("ignore");
            assertThat(strategy.equals("throttled") || replayedWhole)
                    .as(service + ": " + channel + " commits only what is done (throttled), or commits nothing (a log replayed whole)").isTrue();
            assertThat(properties.getProperty("mp.messaging.incoming." + channel + ".max.poll.interval.ms"))
                    .as(service + ": " + channel + " needs no poll interval of its own: the connector polls while work waits").isNull();
        }
        for (String channel : outgoing) {
            assertThat(properties.getProperty("mp.messaging.outgoing." + channel + ".delivery.timeout.ms"))
                    .as(service + ": " + channel + " waits for the broker").isEqualTo(String.valueOf(Integer.MAX_VALUE));
        }
    }
}
