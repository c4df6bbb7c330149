package io.faithwatch.modelclients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
    static List<ServerSentEvents.Event> parse(String... lines) {
        ServerSentEvents parser = new ServerSentEvents();
        List<ServerSentEvents.Event> events = new ArrayList<>();
        for (String line : lines) {
            ServerSentEvents.Event event = parser.line(line);
            if (event != null) {
                events.add(event);
            }
        }
        ServerSentEvents.Event last = parser.end();
        if (last != null) {
            events.add(last);
        }
        return events;
    }

    @Test
    void namedAndUnnamedEventsCommentsAndMultiLineData() {
        assertThat(parse(": keep-alive", "", "event: ping", "data: {\"type\": \"ping\"}", "", "data:{\"a\":1}", "data:  two", "id: 7",
                "retry: 100", "", "", "event: lonely", ""))
                .containsExactly(new ServerSentEvents.Event("ping", "{\"type\": \"ping\"}"), new ServerSentEvents.Event("message", "{\"a\":1}\n two"));
    }

    @Test
    void anEventWithoutTheBlankLineAfterItIsKeptAtTheEnd() {
        assertThat(parse("data: [DONE]")).containsExactly(new ServerSentEvents.Event("message", "[DONE]"));
        assertThat(parse("data")).containsExactly(new ServerSentEvents.Event("message", ""));
    }
}
