package io.faithwatch.events;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An enum of the contract, written on the wire as its name in lower case ({@code sycophancy}, {@code switched_to_hint}).
 * Reading goes through each enum's {@code fromWire}, which names the field in its error ({@link Wire#parse}).
 */
public interface WireName {
    String name();

    @JsonValue
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
