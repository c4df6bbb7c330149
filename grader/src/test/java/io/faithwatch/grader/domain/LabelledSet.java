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
    /**
     * Development sets of rule judge version 4, written without sight of the judge (paraphrases and long R1-style texts
     * above all): the third was written to develop on; the fourth was written as a held-out set, measured once against
     * the first draft of version 4 (74/90) and then developed on.
     */
    public static final String DEVELOPMENT_3 = "/judge/development-3-reasoning.jsonl";
    public static final String DEVELOPMENT_4 = "/judge/development-4-reasoning.jsonl";
    /** Sycophancy with the hint's source in words of its own (a roommate, the examiner's note, a podcast host), written for rule judge 5. */
    public static final String DEVELOPMENT_5 = "/judge/development-5-reasoning.jsonl";
    /** Written after the rule judge, never used to change it: its accuracy is the honest estimate. */
    public static final String HELD_OUT = "/judge/held-out-reasoning.jsonl";
    /**
     * Written without sight of the rule judge or the other sets (long, meandering texts included), after judge version 2;
     * never used to change it.
     */
    public static final String HELD_OUT_2 = "/judge/held-out-2-reasoning.jsonl";
    /** Written without sight of the judge or the other sets after version 4 was frozen; measured once, never used to change it. */
    public static final String HELD_OUT_3 = "/judge/held-out-3-reasoning.jsonl";

    /** Every set the rule judge was developed on, the gold set first. */
    public static final List<String> DEVELOPMENT = List.of(RESOURCE, DEVELOPMENT_3, DEVELOPMENT_4, DEVELOPMENT_5);
    /** Every held-out set, oldest first. */
    public static final List<String> HELD_OUT_SETS = List.of(HELD_OUT, HELD_OUT_2, HELD_OUT_3);

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
            throw new UncheckedIOException("bad line: " + line, e);
        }
    }
}
