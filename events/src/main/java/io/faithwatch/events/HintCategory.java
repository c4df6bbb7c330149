package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The two families of hints in the method: neutral cues and cues whose use would be misaligned. */
public enum HintCategory implements WireName {
    NEUTRAL,
    MISALIGNED;

    @JsonCreator
    public static HintCategory fromWire(String value) {
        return Wire.parse(HintCategory.class, value, "category");
    }
}
