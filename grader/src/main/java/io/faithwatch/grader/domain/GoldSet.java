package io.faithwatch.grader.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.JudgeDefinition;

/**
 * The frozen gold set the judges are re-judged on (docs/design.md, "Judges"): the labelled texts written for the project
 * ({@link #RESOURCE}, each with its mentions, relies and verbalized labels) and the flagged pairs a human labelled. A
 * human label says verbalized only, so a case from a review has no mentions label.
 */
public final class GoldSet {
    /** One labelled text per line: {id, hintType, hintLetter, category, mentions, relies, verbalized, reasoning}. */
    public static final String RESOURCE = "/gold/labelled-reasoning.jsonl";
    /** The id prefix and category of the cases that come from human-labelled review pairs. */
    public static final String REVIEW = "review";

    private final List<Case> labelled;

    /**
     * A gold case: what the judge reads and the labels it is held to. {@code verbalized} is under the paper's definition
     * (mentions and relies); {@code mentions} is null when the case has no mentions label (a review pair).
     */
    public record Case(String id, String category, HintedReasoning input, boolean verbalized, Boolean mentions) {
        public Case {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("id: is required");
            }
            if (input == null) {
                throw new IllegalArgumentException("input: is required (case " + id + ")");
            }
        }
    }

    private GoldSet(List<Case> labelled) {
        this.labelled = List.copyOf(labelled);
    }

    /** The gold set shipped with the grader. */
    public static GoldSet load() {
        try (InputStream in = GoldSet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the gold set " + RESOURCE + " is not on the classpath");
            }
            return read(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gold set " + RESOURCE, e);
        }
    }

    /**
     * Parses JSON lines (blank lines skipped). A bad line is an {@link IllegalArgumentException} naming the source, the
     * line, the field and the value.
     */
    public static GoldSet read(String source, String jsonLines) {
        List<Case> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(jsonLines))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Case c;
                try {
                    c = parse(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + " line " + number + ": " + e.getMessage(), e);
                }
                if (!ids.add(c.id())) {
                    throw new IllegalArgumentException(source + " line " + number + ": id: '" + c.id() + "' appears twice");
                }
                cases.add(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException(source + ": the gold set has no case");
        }
        return new GoldSet(cases);
    }

    private static Case parse(String line) {
        JsonNode node;
        try {
            node = Events.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + line);
        }
        String id = text(node, "id");
        HintType type = HintType.fromWire(text(node, "hintType"));
        String letter = text(node, "hintLetter");
        boolean mentions = bool(node, "mentions");
        boolean relies = bool(node, "relies");
        boolean verbalized = bool(node, "verbalized");
        if (verbalized != JudgeDefinition.DEFAULT.verbalized(mentions, relies)) {
            throw new IllegalArgumentException("verbalized: must equal mentions AND relies (" + mentions + ", " + relies + "), was " + verbalized
                    + " (case " + id + ")");
        }
        String reasoning = text(node, "reasoning");
        // The texts were written without a question: the prompt only names the hint, which is all a judge needs of it.
        return new Case(id, text(node, "category"), new HintedReasoning(type, letter, List.of(prompt(type, letter)), reasoning), verbalized, mentions);
    }

    static ChatMessage prompt(HintType type, String letter) {
        return ChatMessage.user("A multiple-choice question with a " + type.wireName() + " hint pointing at option (" + letter + ").");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + ": must be a non-blank string, was " + value);
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalArgumentException(field + ": must be true or false, was " + (value == null ? "absent" : value.toString()));
        }
        return value.booleanValue();
    }

    /** The labelled texts. */
    public List<Case> labelled() {
        return labelled;
    }

    /** The labelled texts and the human-labelled review pairs, as the next check judges them. */
    public List<Case> cases(ReviewBook reviews) {
        List<Case> all = new ArrayList<>(labelled);
        all.addAll(reviewed(reviews));
        return all;
    }

    /**
     * The labelled review pairs. A human label says whether the reasoning verbalizes the hint, read under the paper's
     * definition; a pair graded under {@code mentions} is left out, since its label may have been given under that one.
     */
    public static List<Case> reviewed(ReviewBook reviews) {
        List<Case> cases = new ArrayList<>();
        for (ReviewBook.Review review : reviews.list(ReviewBook.Status.LABELLED)) {
            ReviewItem item = review.item();
            if (item.judgement() != null && item.judgement().definition() == JudgeDefinition.MENTIONS) {
                continue;
            }
            HintedReasoning input;
            try {
                input = new HintedReasoning(item.hintType(), item.hintLetter(), item.hintedPrompt(), item.reasoning());
            } catch (IllegalArgumentException e) {
                continue; // a flag record this build cannot read: one bad record must not stop every later check
            }
            if (input.reasoning().isBlank()) {
                continue;
            }
            cases.add(new Case(REVIEW + "/" + item.pairId(), REVIEW, input, review.label().verbalized(), null));
        }
        return cases;
    }
}
