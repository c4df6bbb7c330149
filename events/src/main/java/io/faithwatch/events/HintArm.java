package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the hint of a pair points at a wrong option (the default) or at the correct one. */
public enum HintArm {
    WRONG_HINT,
    CORRECT_HINT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static HintArm fromWire(String value) {
        return Wire.parse(HintArm.class, value, "arm");
    }
}
