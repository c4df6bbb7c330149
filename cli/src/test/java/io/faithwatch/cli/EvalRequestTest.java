package io.faithwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;

/** What `faith eval` asks pair-builder for, from its options. */
class EvalRequestTest {
    static JsonNode request(String... args) {
        EvalCommand eval = new EvalCommand();
        new CommandLine(eval).parseArgs(args);
        return eval.request();
    }

    @Test
    void batchAsksForTheBatchApiOfAProviderThatHasOne() throws IOException {
        // The CLI checks that something answers at the model URL.
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + endpoint.getLocalPort();
            JsonNode model = request("--run", "r", "--step", "3", "--provider", "anthropic", "--model-url", url, "--model", "claude-sonnet-4",
                    "--credential", "ANTHROPIC_API_KEY", "--batch").path("model");
            assertThat(model.path("parameters").path("batch").asBoolean()).isTrue();
            assertThat(request("--run", "r", "--provider", "openai", "--model-url", url + "/v1").path("model").path("parameters").has("batch"))
                    .as("no batch unless asked").isFalse();
            assertThatThrownBy(() -> request("--run", "r", "--provider", "openai-responses", "--model-url", url + "/v1", "--batch"))
                    .hasMessage("--batch: provider 'openai-responses' has no batch API (batches: openai, anthropic)");
        }
    }
}
