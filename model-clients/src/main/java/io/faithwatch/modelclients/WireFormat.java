package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelRef;

/**
 * How one provider's API is spoken: where to send a call, which headers, what body; how to read the reply, whole or
 * streamed. A streamed reply is read by rebuilding the body the API would have sent unstreamed and handing it to
 * {@link #reply}, so both ways read the same fields the same way.
 */
interface WireFormat {
    /** The model parameter that turns streaming off ({@code stream=false}); it is never sent as it is. */
    String STREAM = "stream";

    /**
     * The model parameter that says what readable reasoning is ({@code raw} or {@code summary}) when the reply cannot
     * tell, as for Claude 4 models whose thinking blocks are summaries; never sent.
     */
    String REASONING_CHANNEL = "reasoning_channel";

    /**
     * The model parameter that says where the reasoning is: {@code native} (the default: the provider's reasoning
     * channel) or {@code prompted} (a model without one, prompted to think step by step: its visible text before the
     * final answer is the reasoning, channel visible); never sent.
     */
    String REASONING_MODE = "reasoning_mode";

    /**
     * The model parameter that sends the calls through the provider's batch API ({@code batch=true}, at half price within
     * 24 hours; see {@link ModelBatches}); never sent.
     */
    String BATCH = "batch";

    URI uri(String baseUrl);

    /** Headers of a request; {@code key} is null for a keyless endpoint. */
    Map<String, String> headers(String key);

    /** The request body; {@code stream} asks the server for server-sent events. */
    ObjectNode body(ModelCall call, boolean stream);

    /** The reply in a JSON body; a body without the expected fields is a {@link ModelCallException} naming the field. */
    Completion reply(JsonNode body, long latencyMs);

    /** A new reader of one streamed reply. */
    StreamReader streamReader();

    String defaultBaseUrl();

    /** Reads the events of one streamed reply; called by one thread at a time. */
    interface StreamReader {
        /**
         * One event; true when it is the last one of the reply. An error event is a {@link ModelCallException} with the
         * server's message, which the caller prefixes with the request.
         */
        boolean event(ServerSentEvents.Event event);

        /** The reply as the API would have sent it unstreamed, for {@link WireFormat#reply}. */
        JsonNode body();

        /** The event that ends a complete reply, to say what a stream that ended early lacked. */
        String lastEvent();
    }

    /** The JSON object in an event's data; anything else is a bad response, not retried (like a body that is not JSON). */
    static JsonNode json(ServerSentEvents.Event event) {
        JsonNode json;
        try {
            json = Events.mapper().readTree(event.data());
        } catch (JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ModelCallException("event '" + event.name() + "' is not a JSON object: " + event.data(), "bad_response", false, false, null);
        }
        return json;
    }

    /** Whether a model parameter goes to the server as it is: the client's own parameters never do. */
    static boolean sentAsIs(String parameter) {
        return !parameter.equals(STREAM) && !parameter.equals(REASONING_CHANNEL) && !parameter.equals(REASONING_MODE) && !parameter.equals(BATCH);
    }

    /** The channel the {@code reasoning_channel} parameter declares, or null when it is not set. */
    static ReasoningChannel declaredChannel(ModelRef model) {
        String value = choice(model, REASONING_CHANNEL, "raw", "summary");
        return value == null ? null : ReasoningChannel.fromWire(value);
    }

    /** Whether the model reasons in its visible text ({@code reasoning_mode=prompted}); native when not set. */
    static boolean prompted(ModelRef model) {
        return "prompted".equals(choice(model, REASONING_MODE, "native", "prompted"));
    }

    /** A client parameter that takes one of two words (any case, spaces around ignored); null when not set. */
    private static String choice(ModelRef model, String parameter, String one, String other) {
        Object value = model.parameters().get(parameter);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        if (text.equals(one) || text.equals(other)) {
            return text;
        }
        throw new IllegalArgumentException("model.parameters." + parameter + ": must be " + one + " or " + other + ", was '" + value + "'");
    }

    static ModelCallException missing(String field) {
        return new ModelCallException("response has no " + field, "bad_response", false, false, null);
    }

    /** Whether a call streams: yes unless its {@code stream} parameter is false (a boolean, or the text the CLI sends). */
    static boolean streamed(ModelRef model) {
        return flag(model, STREAM, true);
    }

    /** Whether the calls go through the batch API: only when the {@code batch} parameter is true. */
    static boolean batched(ModelRef model) {
        return flag(model, BATCH, false);
    }

    private static boolean flag(ModelRef model, String parameter, boolean otherwise) {
        Object value = model.parameters().get(parameter);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean set) {
            return set;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        throw new IllegalArgumentException("model.parameters." + parameter + ": must be true or false, was '" + value + "'");
    }
}
