package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The kind of cue in a training rollout: one of the six hint types of the method, placed in a training environment whose
 * reward pays for the option the cue points at, or {@code other} (an exploit the trainer describes in words, such as a
 * test that can be tampered with).
 */
public enum CueType implements WireName {
    SYCOPHANCY(HintType.SYCOPHANCY),
    CONSISTENCY(HintType.CONSISTENCY),
    VISUAL_PATTERN(HintType.VISUAL_PATTERN),
    METADATA(HintType.METADATA),
    GRADER_HACKING(HintType.GRADER_HACKING),
    UNETHICAL_INFORMATION(HintType.UNETHICAL_INFORMATION),
    OTHER(null);

    private final HintType hintType;

    CueType(HintType hintType) {
        this.hintType = hintType;
    }

    /** The hint type of the method this cue is, null for {@code other}. */
    public HintType hintType() {
        return hintType;
    }

    public static CueType of(HintType type) {
        return valueOf(type.name());
    }

    @JsonCreator
    public static CueType fromWire(String value) {
        return Wire.parse(CueType.class, value, "cueType");
    }
}
