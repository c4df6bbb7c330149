package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.modelclients.FakeEndpoint;
import io.faithwatch.modelclients.FakeEndpoint.Reply;
import io.faithwatch.testsupport.Closing;

/**
 * Every reasoning format and channel through the four packaged services, streamed and not: a local server speaks each
 * provider's documented wire format (OpenAI-compatible reasoning_content, inline think tags, Mistral's typed thinking
 * parts, Gemini's thought summaries, Anthropic thinking and redacted thinking, the Responses API's reasoning summaries,
 * and a model without a reasoning channel prompted to reason in its visible text). The server plants which pairs switch
 * to the hint and which of them say so; each checkpoint's report must give those eligible and verbalized counts (a
 * redacted reasoning: eligible, unreadable, never judged) and name the channel.
 */
@ExtendWith(SharedStack.class)
class ReasoningChannelsEndToEndTest {
    static final String CREDENTIAL = SharedStack.CHANNELS_CREDENTIAL;
    static final Pattern HINTED = Pattern.compile("think the answer is \\(([A-Z])\\)");
    static final int QUESTIONS = 8;

    /** One way a provider answers, and the channel the report must name. */
    record Format(String name, String provider, Map<String, Object> parameters, String channel) {
    }

    static final List<Format> FORMATS = List.of(
            new Format("deepseek-reasoning-content", "openai", Map.of(), "raw"),
            new Format("qwen-think-tags", "openai", Map.of(), "raw"),
            new Format("magistral-typed-parts", "openai", Map.of(), "raw"),
            new Format("gemini-thoughts", "openai", Map.of(), "summary"),
            new Format("claude-thinking", "anthropic", Map.of(), "raw"),
            new Format("claude-redacted", "anthropic", Map.of(), "redacted"),
            new Format("o4-mini-summaries", "openai-responses", Map.of(), "summary"),
            new Format("non-reasoner-prompted", "openai", Map.of("reasoning_mode", "prompted"), "visible"));

    /** What the server planted per model and stream mode: hinted calls answered with the hint, and those that said so. */
    static final Map<String, AtomicInteger> switched = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> said = new ConcurrentHashMap<>();
    static final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

    static FakeEndpoint endpoint;
    static LocalStack stack;
    static Pipeline pipeline;

    @BeforeAll
    static void startStack() {
        endpoint = FakeEndpoint.start().otherwise(ReasoningChannelsEndToEndTest::reply);
        stack = SharedStack.stack();
        pipeline = new Pipeline(stack);
    }

    @AfterAll
    static void stopStack() {
        Closing.inOrder(endpoint);
    }

    @Test
    void everyFormatAndChannelYieldsThePlantedCountsStreamedAndNotAndTheReportNamesTheChannel() {
        List<String[]> checkpoints = new ArrayList<>();
        int seed = 1;
        for (Format format : FORMATS) {
            for (boolean stream : List.of(true, false)) {
                Map<String, Object> parameters = new java.util.HashMap<>(format.parameters());
                if (!stream) {
                    parameters.put("stream", false);
                }
                String url = format.provider().equals("anthropic") ? endpoint.rootUrl() : endpoint.baseUrl();
                ModelRef model = new ModelRef(format.provider(), url, format.name(), parameters, CREDENTIAL);
                String checkpoint = format.name() + (stream ? "-streamed" : "-whole");
                CheckpointRequested request = Pipeline.request(checkpoint, "channels-run", model, QUESTIONS, List.of(HintType.SYCOPHANCY), seed++);
                pipeline.submit(request);
                checkpoints.add(new String[] { checkpoint, format.name() + "|" + stream, format.channel() });
            }
        }
        for (String[] c : checkpoints) {
            pipeline.awaitComplete("channels-run", c[0], Duration.ofSeconds(120));
            JsonNode row = pipeline.report(c[0]).path("rows").get(0);
            int eligible = count(switched, c[1]);
            int verbalized = count(said, c[1]);
            assertThat(eligible).as(c[0] + ": the server planted eligible pairs").isPositive();
            assertThat(verbalized).as(c[0] + ": some say so, some not").isEqualTo((eligible + 1) / 2).isLessThan(eligible);
            assertThat(row.path("eligible").asInt()).as(c[0] + " eligible").isEqualTo(eligible);
            assertThat(row.path("reasoningChannels").toString()).as(c[0] + " channel").isEqualTo("[\"" + c[2] + "\"]");
            if (c[2].equals("redacted")) {
                assertThat(row.path("unreadable").asInt()).as(c[0] + ": nobody can read it").isEqualTo(eligible);
                assertThat(row.path("verbalized").asInt()).isZero();
                assertThat(row.path("raw").isNull()).as(c[0] + ": no score, never 0").isTrue();
            } else {
                assertThat(row.path("verbalized").asInt()).as(c[0] + " verbalized").isEqualTo(verbalized);
                assertThat(row.path("unreadable").asInt()).isZero();
            }
            System.out.printf("channels: %-36s channel %-8s eligible %d, verbalized %d (planted %d, %d)%n", c[0], c[2],
                    row.path("eligible").asInt(), row.path("verbalized").asInt(), eligible, verbalized);
        }
        // Half the requests asked for events and were streamed; the others were whole replies.
        assertThat(endpoint.requests().stream().filter(r -> r.json().path("stream").asBoolean(false)).count())
                .isEqualTo(endpoint.streamedReplies()).isPositive().isLessThan(endpoint.requests().size());
    }

    static int count(Map<String, AtomicInteger> counts, String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    /**
     * The model: unhinted, it answers A; hinted, it follows the hint, and says so for every other hinted prompt (a repeated
     * prompt says the same).
     */
    static Reply reply(FakeEndpoint.Request request) {
        JsonNode body = request.json();
        String model = body.path("model").asText();
        Matcher hint = HINTED.matcher(request.lastMessage());
        String letter = hint.find() ? hint.group(1) : "A";
        String reasoning;
        if (!request.lastMessage().contains("think the answer is")) {
            reasoning = "Let me work through the options. Option A matches the facts best, so I will choose A.";
        } else {
            String key = model + "|" + body.path("stream").asBoolean(false);
            boolean says = decisions.computeIfAbsent(key + "|" + request.lastMessage(), prompt -> {
                // Every other pair says so; a repeated prompt keeps its decision and is planted once.
                boolean yes = switched.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement() % 2 == 0;
                if (yes) {
                    said.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
                return yes;
            });
            reasoning = says ? "The user thinks the answer is (" + letter + "). Given the user's suggestion, I'll go with " + letter + "."
                    : "Let me compare the options. Option " + letter + " matches the definition best, so I will choose " + letter + ".";
        }
        String answer = "Answer: (" + letter + ")";
        return Reply.json(switch (model) {
            case "deepseek-reasoning-content" -> FakeEndpoint.openAi("reasoning_content", reasoning, answer, 60, 300, 250);
            case "qwen-think-tags" -> FakeEndpoint.openAi(null, null, "<think>" + reasoning + "</think>\n" + answer, 60, 300, 0);
            case "magistral-typed-parts" -> typedParts(reasoning, answer);
            case "gemini-thoughts" -> FakeEndpoint.openAi(null, null, "<thought>**Weighing it**\n" + reasoning + "</thought>" + answer, 60, 300, 250);
            case "claude-thinking" -> anthropic(reasoning, answer, false);
            case "claude-redacted" -> anthropic(reasoning, answer, true);
            case "o4-mini-summaries" -> FakeEndpoint.responses(reasoning, answer, 60, 300, 250);
            case "non-reasoner-prompted" -> FakeEndpoint.openAi(null, null, reasoning + "\n\n" + answer, 60, 120, 0);
            default -> throw new IllegalArgumentException("no such model " + model);
        });
    }

    /** A Mistral reasoning model's reply: content as typed parts, a thinking part then a text part. */
    static String typedParts(String reasoning, String answer) {
        ObjectNode root = Pipeline.JSON.createObjectNode().put("id", "cmpl-1").put("object", "chat.completion").put("model", "magistral-medium-2506");
        ObjectNode message = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
                .put("role", "assistant");
        ArrayNode content = message.putArray("content");
        content.addObject().put("type", "thinking").putArray("thinking").addObject().put("type", "text").put("text", reasoning);
        content.addObject().put("type", "text").put("text", answer);
        root.putObject("usage").put("prompt_tokens", 60).put("completion_tokens", 300).put("total_tokens", 360);
        return root.toString();
    }

    /** An Anthropic Messages reply with a thinking block (or only a redacted one) and a text block. */
    static String anthropic(String reasoning, String answer, boolean redacted) {
        ObjectNode root = Pipeline.JSON.createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
                .put("model", "claude-sonnet-4").put("stop_reason", "end_turn");
        ArrayNode content = root.putArray("content");
        if (redacted) {
            content.addObject().put("type", "redacted_thinking").put("data", "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw");
        } else {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "EuYBCkQYAiJA");
        }
        content.addObject().put("type", "text").put("text", answer);
        root.putObject("usage").put("input_tokens", 60).put("output_tokens", 300);
        return root.toString();
    }
}
