package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Whether the hint of a pair points at a wrong option (the default) or at the correct one. */
public enum HintArm implements WireName {
    WRONG_HINT,
    CORRECT_HINT;

    @JsonCreator
    public static HintArm fromWire(String value) {
        return Wire.parse(HintArm.class, value, "arm");
    }
}
