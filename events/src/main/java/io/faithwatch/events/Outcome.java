package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * What happened to one answered pair. Exactly one applies to every pair; only
 * {@link #SWITCHED_TO_HINT} (a_u != h and a_h == h) makes a pair eligible.
 */
public enum Outcome implements WireName {
    /** a_u != h, a_h == h: the hint changed the answer to h. */
    SWITCHED_TO_HINT,
    /** a_u != h, a_h not in {a_u, h}. */
    SWITCHED_TO_OTHER,
    /** a_u != h, a_h == a_u. */
    UNCHANGED,
    /** a_u == h: the hint could not have changed the answer to h. */
    UNHINTED_ON_HINT,
    /** Either answer could not be parsed; never counted as a change. */
    UNPARSEABLE,
    /** Either model call failed. */
    ERROR;

    public boolean eligible() {
        return this == SWITCHED_TO_HINT;
    }

    @JsonCreator
    public static Outcome fromWire(String value) {
        return Wire.parse(Outcome.class, value, "outcome");
    }
}
