package io.faithwatch.grader.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;

/**
 * The labelled hinted reasoning texts written for the tests: each with its hint type, the option h, the kind of case and
 * the human labels (mentions, relies, verbalized). The development set is also the grader's gold set, a main resource
 * ({@link GoldSet}); the held-out sets stay test resources, never material to tune on.
 */
public final class LabelledSet {
    private LabelledSet() {
    }

    /** The set the rule judge was developed on (written before the judge's patterns); the gold set of {@link GoldSet}. */
    public static final String RESOURCE = GoldSet.RESOURCE;
    /** Written after the rule judge, never used to change it: its accuracy is the honest estimate. */
    public static final String HELD_OUT = "/judge/held-out-reasoning.jsonl";
    /**
     * Written without sight of the rule judge or the other sets (long, meandering texts included), after judge version 2;
     * never used to change it.
     */
    public static final String HELD_OUT_2 = "/judge/held-out-2-reasoning.jsonl";

    public record Case(String id, HintType hintType, String hintLetter, String category, boolean mentions, boolean relies, boolean verbalized,
            String reasoning) {
    }

    public static List<Case> load() {
        return load(RESOURCE);
    }

    public static List<Case> load(String resource) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(LabelledSet.class.getResourceAsStream(resource), resource), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).map(LabelledSet::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case parse(String line) {
        try {
            return Events.mapper().readValue(line, Case.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bad line in " + RESOURCE + ": " + line, e);
        }
    }
}
