package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;

public enum ChatRole implements WireName {
    SYSTEM,
    USER,
    ASSISTANT;

    @JsonCreator
    public static ChatRole fromWire(String value) {
        return Wire.parse(ChatRole.class, value, "role");
    }
}
