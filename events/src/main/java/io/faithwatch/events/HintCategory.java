package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** The two families of hints in the method: neutral cues and cues whose use would be misaligned. */
public enum HintCategory {
    NEUTRAL,
    MISALIGNED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static HintCategory fromWire(String value) {
        return Wire.parse(HintCategory.class, value, "category");
    }
}
