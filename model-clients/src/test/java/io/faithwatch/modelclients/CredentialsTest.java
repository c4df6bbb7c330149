package io.faithwatch.modelclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void fromTheEnvironmentThenSystemProperties() {
        System.setProperty("FAITH_CREDENTIALS_TEST_KEY", "sk-prop");
        try {
            assertThat(Credentials.fromEnvironment().secret("FAITH_CREDENTIALS_TEST_KEY")).contains("sk-prop");
            assertThat(Credentials.fromEnvironment().secret("FAITH_CREDENTIALS_TEST_UNSET")).isEmpty();
            String path = System.getenv("PATH");
            assertThat(Credentials.fromEnvironment().secret("PATH")).contains(path);
        } finally {
            System.clearProperty("FAITH_CREDENTIALS_TEST_KEY");
        }
    }

    @Test
    void settingsNameTheFieldThatIsWrong() {
        assertThatThrownBy(() -> ClientSettings.defaults().withMaxConcurrency(0)).hasMessage("maxConcurrency: must be at least 1, was 0");
        assertThatThrownBy(() -> ClientSettings.defaults().withRetries(2, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessage("maxBackoff: must not be shorter than initialBackoff (PT5S), was PT1S");
        assertThatThrownBy(() -> ClientSettings.defaults().withIdleTimeout(Duration.ZERO)).hasMessage("idleTimeout: must be a positive duration, was PT0S");
        assertThat(ClientSettings.defaults().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    }
}
