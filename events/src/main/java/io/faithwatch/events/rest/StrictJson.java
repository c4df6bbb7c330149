package io.faithwatch.events.rest;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies read by each service's Quarkus REST are read as strictly as events: a field of the wrong JSON type is
 * refused ({@code "verbalized": "yes"}, {@code "pairId": 7}, {@code "hintLetter": ["B"]}), not converted behind the
 * client's back, and nothing may follow the body's JSON value. The refusal is a 400 naming the field
 * ({@link ProblemMappers#mismatched}). Nesting depth, string and number lengths keep Jackson's bounds
 * ({@code StreamReadConstraints}: 1,000 levels), whose refusal is a 400 too ({@link ProblemMappers#notJson}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        strict(mapper);
    }

    /** No scalar read as another kind of scalar; no trailing tokens. */
    public static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (LogicalType type : new LogicalType[] { LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer, LogicalType.Float,
                LogicalType.Enum }) {
            for (CoercionInputShape shape : new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.Boolean, CoercionInputShape.String }) {
                if (!accepts(type, shape)) {
                    mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
                }
            }
        }
        return mapper;
    }

    private static boolean accepts(LogicalType type, CoercionInputShape shape) {
        return switch (type) {
            case Textual, Enum -> shape == CoercionInputShape.String;
            case Boolean -> shape == CoercionInputShape.Boolean;
            case Integer -> shape == CoercionInputShape.Integer;
            case Float -> shape == CoercionInputShape.Float || shape == CoercionInputShape.Integer;
            default -> true;
        };
    }
}
