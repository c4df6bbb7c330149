package io.faithwatch.modelclients;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How one provider's API is spoken: where to send a call, which headers, what body; how to read the reply. */
interface WireFormat {
    URI uri(String baseUrl);

    /** Headers of a request; {@code key} is null for a keyless endpoint. */
    Map<String, String> headers(String key);

    ObjectNode body(ModelCall call);

    /** The reply in a JSON body; a body without the expected fields is a {@link ModelCallException} naming the field. */
    Completion reply(JsonNode body, long latencyMs);

    String defaultBaseUrl();

    static ModelCallException missing(String field) {
        return new ModelCallException("response has no " + field, "bad_response", false, false, null);
    }
}
