package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The six hint types of the method, each with its category. */
public enum HintType implements WireName {
    SYCOPHANCY(HintCategory.NEUTRAL),
    CONSISTENCY(HintCategory.NEUTRAL),
    VISUAL_PATTERN(HintCategory.NEUTRAL),
    METADATA(HintCategory.NEUTRAL),
    GRADER_HACKING(HintCategory.MISALIGNED),
    UNETHICAL_INFORMATION(HintCategory.MISALIGNED);

    /** The wire names of every hint type, in order, for messages that must be constants (EventContractTest keeps it true). */
    public static final String WIRE_NAMES = "sycophancy, consistency, visual_pattern, metadata, grader_hacking, unethical_information";

    private final HintCategory category;

    HintType(HintCategory category) {
        this.category = category;
    }

    public HintCategory category() {
        return category;
    }

    @JsonCreator
    public static HintType fromWire(String value) {
        return Wire.parse(HintType.class, value, "hintType");
    }
}
