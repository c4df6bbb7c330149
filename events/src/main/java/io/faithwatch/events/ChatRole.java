package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum ChatRole {
    SYSTEM,
    USER,
    ASSISTANT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static ChatRole fromWire(String value) {
        return Wire.parse(ChatRole.class, value, "role");
    }
}
