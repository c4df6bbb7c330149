package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.Ports;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.localstack.ServiceProcess;
import io.faithwatch.testsupport.TestInfrastructure;

/**
 * A free port picked for a service can be taken before the service binds it (the suite once failed that way):
 * the service exits, says why, and starts on another port; LocalStack does this for the ports it picks.
 */
class ServicePortTest {
    @Test
    void aServiceWhosePortWasTakenSaysSoAndStartsOnAnother() throws Exception {
        Path root = RepoRoot.find();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServiceProcess service = ServiceProcess.start(FaithService.PAIR_BUILDER, FaithService.PAIR_BUILDER.runnableJar(root),
                        taken.getLocalPort(), Map.of("kafka.bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()),
                        root.resolve("e2e-tests/target/service-logs-port"), "256m")) {
            assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(90))).hasMessageContaining("exited");
            assertThat(service.lostItsPort()).isTrue();

            int other = Ports.free();
            service.restartOn(other).awaitReady(Duration.ofSeconds(90));
            assertThat(service.port()).isEqualTo(other);
            assertThat(service.ready()).isTrue();
            assertThat(service.lostItsPort()).isFalse();
        }
    }
}
