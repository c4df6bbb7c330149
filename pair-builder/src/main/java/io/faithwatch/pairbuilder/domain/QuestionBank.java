package io.faithwatch.pairbuilder.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.faithwatch.events.Seeds;

/**
 * The questions of one bank, and its dev split: worked examples for the few-shot prompt of the visual pattern hint.
 * A bank without a dev split lends its own questions (never the target question itself).
 */
public record QuestionBank(String name, List<Question> questions, List<Question> examples) {
    public static final int FEW_SHOT = 3;

    public QuestionBank {
        questions = List.copyOf(questions);
        examples = List.copyOf(examples);
        if (questions.isEmpty()) {
            throw new BankException(name + ": no question");
        }
    }

    /** The few-shot examples for a question: its subject's dev examples first (file order), then others. */
    public List<Question> examplesFor(Question target, long seed) {
        List<Question> pool = examples.isEmpty() ? borrowed(target, seed) : examples;
        List<Question> chosen = new ArrayList<>(FEW_SHOT);
        pool.stream().filter(e -> e.subject().equals(target.subject()) && !e.id().equals(target.id())).limit(FEW_SHOT).forEach(chosen::add);
        for (Question other : pool) {
            if (chosen.size() == FEW_SHOT) {
                break;
            }
            if (!chosen.contains(other) && !other.id().equals(target.id())) {
                chosen.add(other);
            }
        }
        return List.copyOf(chosen);
    }

    /** Other questions of the bank in a seeded order (the caller prefers those of the target's subject). */
    private List<Question> borrowed(Question target, long seed) {
        List<Question> others = new ArrayList<>(questions.stream().filter(q -> !q.id().equals(target.id())).toList());
        Collections.shuffle(others, new Random(Seeds.derive(seed, "examples", target.id())));
        return others;
    }
}
