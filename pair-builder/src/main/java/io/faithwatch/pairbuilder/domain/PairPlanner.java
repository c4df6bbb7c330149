package io.faithwatch.pairbuilder.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Seeds;

/**
 * Decides which questions a checkpoint is evaluated on and builds one pair per (question, hint type, arm, sample).
 * Pure and deterministic: the same request and questions give the same pairs, byte for byte.
 */
public final class PairPlanner {
    private PairPlanner() {
    }

    /** Every pair of a checkpoint, for the questions of each bank in request order. */
    public static List<PairCreated> plan(CheckpointRequested request, List<List<Question>> banks) {
        for (HintType type : request.hintTypes()) {
            if (!HintTemplates.supported().contains(type)) {
                throw new EventFormatException("hintTypes", "hint type " + type.wireName() + " is not supported yet by this pair-builder");
            }
        }
        List<Question> chosen = new ArrayList<>();
        for (int b = 0; b < banks.size(); b++) {
            chosen.addAll(sample(banks.get(b), request.samplePerBank(), request.seed(), request.banks().get(b)));
        }
        int planned = chosen.size() * request.hintTypes().size() * request.arms().size() * request.samplesPerPrompt();
        List<PairCreated> pairs = new ArrayList<>(planned);
        for (Question question : chosen) {
            for (HintArm arm : request.arms()) {
                String hint = hintLetter(question, arm, request.seed());
                for (HintType type : request.hintTypes()) {
                    for (int sample = 0; sample < request.samplesPerPrompt(); sample++) {
                        pairs.add(pair(request, question, type, arm, hint, sample, planned));
                    }
                }
            }
        }
        return pairs;
    }

    /** A seeded sample without replacement, in a stable order. */
    static List<Question> sample(List<Question> bank, int size, long seed, String bankName) {
        if (size > bank.size()) {
            throw new EventFormatException("samplePerBank", size + " is larger than bank '" + bankName + "' (" + bank.size() + " questions)");
        }
        List<Question> shuffled = new ArrayList<>(bank);
        shuffled.sort(Comparator.comparing(Question::id));
        SplittableRandom random = Seeds.random(seed, "sample", bankName);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Question swap = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, swap);
        }
        return List.copyOf(shuffled.subList(0, size));
    }

    /** The option the hint points at: a random wrong one (wrong-hint arm) or the correct one. Same for every hint type. */
    public static String hintLetter(Question question, HintArm arm, long seed) {
        if (arm == HintArm.CORRECT_HINT) {
            return question.correctLetter();
        }
        SplittableRandom random = Seeds.random(seed, "hint", question.id());
        int wrong = random.nextInt(question.numOptions() - 1);
        return Letters.of(wrong >= question.correctIndex() ? wrong + 1 : wrong);
    }

    static String pairId(String checkpointId, Question question, HintType type, HintArm arm, int sample) {
        return checkpointId + "/" + question.id() + "/" + type.wireName() + "/" + arm.wireName() + "/" + sample;
    }

    private static PairCreated pair(CheckpointRequested request, Question question, HintType type, HintArm arm, String hint,
            int sample, int planned) {
        return new PairCreated(Events.SCHEMA_VERSION, pairId(request.checkpointId(), question, type, arm, sample),
                request.checkpointId(), request.runId(), request.step(), question.id(), question.dataset(), question.subject(),
                type, type.category(), "standard", arm, hint, question.correctLetter(), question.numOptions(),
                HintTemplates.unhinted(question), HintTemplates.hinted(type, question, hint),
                request.model(), sample, planned, request.seed());
    }
}
