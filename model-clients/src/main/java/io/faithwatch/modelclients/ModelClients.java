package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The clients of reasoning models by provider name:
 * <ul>
 * <li>{@code openai}: OpenAI-compatible chat completions (vLLM, SGLang, DeepSeek, Ollama {@code /v1}, OpenRouter,
 * Mistral, Gemini's OpenAI-compatible endpoint);
 * <li>{@code openai-responses}: OpenAI's Responses API, with reasoning summaries;
 * <li>{@code anthropic}: Anthropic Messages with extended thinking;
 * <li>{@code sim}: the simulated reasoning model, whose true faithfulness is known ({@link SimProfile}).
 * </ul>
 * The HTTP providers run behind {@link ClientSettings} (concurrency and rate per endpoint, retries, circuit breaker).
 * Their calls stream (server-sent events) unless the model parameter {@code stream} is false. Every reply says what its
 * reasoning is ({@link ReasoningChannel}).
 */
public final class ModelClients {
    public static final String OPENAI = "openai";
    public static final String OPENAI_RESPONSES = "openai-responses";
    public static final String ANTHROPIC = "anthropic";
    public static final List<String> PROVIDERS = List.of(OPENAI, OPENAI_RESPONSES, ANTHROPIC, SimulatedReasoningModel.PROVIDER);

    /**
     * Timers of backoff, of the circuit and of the streams' watchdog; the work itself runs on the HTTP client's threads.
     * A finished stream cancels its timers, which are then removed rather than kept until they would have fired.
     */
    private static final ScheduledExecutorService SCHEDULER = scheduler();

    private ModelClients() {
    }

    private static ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "model-clients-timer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    public static ReasoningModel create(String provider, Credentials credentials, ClientSettings settings) {
        return create(provider, credentials, settings, ClientObserver.NONE);
    }

    /** The client of {@code provider}; an unknown provider is an {@link IllegalArgumentException} naming it. */
    public static ReasoningModel create(String provider, Credentials credentials, ClientSettings settings, ClientObserver observer) {
        WireFormat format = switch (provider == null ? "" : provider) {
            case OPENAI -> new OpenAiChatFormat();
            case OPENAI_RESPONSES -> new OpenAiResponsesFormat();
            case ANTHROPIC -> new AnthropicMessagesFormat();
            case SimulatedReasoningModel.PROVIDER -> null;
            default -> throw new IllegalArgumentException("unknown model provider '" + provider + "'; known providers: " + String.join(", ", PROVIDERS));
        };
        if (format == null) {
            return new SimulatedReasoningModel();
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.requestTimeout() : Duration.ofSeconds(10))
                .build();
        HttpModel client = new HttpModel(format, http, credentials, settings.requestTimeout(), settings.idleTimeout(), SCHEDULER);
        return new GuardedModel(client, settings, observer, ClientClock.system(SCHEDULER));
    }
}
