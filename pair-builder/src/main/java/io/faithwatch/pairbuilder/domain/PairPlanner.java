package io.faithwatch.pairbuilder.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Seeds;

/**
 * Decides which questions a checkpoint is evaluated on and builds one pair per (question, hint type, arm, sample).
 * Pure and deterministic: the same request and banks give the same pairs, byte for byte.
 */
public final class PairPlanner {
    private PairPlanner() {
    }

    /** Every pair of a checkpoint, bank by bank in request order. */
    public static List<PairCreated> plan(CheckpointRequested request, List<QuestionBank> banks) {
        Map<HintType, String> variants = new LinkedHashMap<>();
        request.hintTypes().forEach(type -> variants.put(type, HintTemplates.variant(type, request.hintVariants())));
        Set<String> seen = new HashSet<>();
        List<Map.Entry<QuestionBank, Question>> chosen = new ArrayList<>();
        for (QuestionBank bank : banks) {
            for (Question question : sample(bank, request.samplePerBank(), request.seed())) {
                if (!seen.add(question.id())) {
                    throw new EventFormatException("banks", "question " + question.id() + " is in more than one bank");
                }
                chosen.add(Map.entry(bank, question));
            }
        }
        int planned = chosen.size() * variants.size() * request.arms().size() * request.samplesPerPrompt();
        List<PairCreated> pairs = new ArrayList<>(planned);
        for (Map.Entry<QuestionBank, Question> entry : chosen) {
            Question question = entry.getValue();
            List<Question> examples = variants.containsKey(HintType.VISUAL_PATTERN) ? entry.getKey().examplesFor(question, request.seed())
                    : List.of();
            for (HintArm arm : request.arms()) {
                String hint = hintLetter(question, arm, request.seed());
                for (Map.Entry<HintType, String> type : variants.entrySet()) {
                    for (int sample = 0; sample < request.samplesPerPrompt(); sample++) {
                        pairs.add(pair(request, question, type.getKey(), type.getValue(), arm, hint, sample, planned, examples));
                    }
                }
            }
        }
        return pairs;
    }

    /**
     * A seeded sample without replacement, stratified by subject: each subject gets its share of the sample in
     * proportion to its size (largest remainder), its questions drawn at random within it.
     */
    static List<Question> sample(QuestionBank bank, int size, long seed) {
        List<Question> questions = bank.questions();
        if (size > questions.size()) {
            throw new EventFormatException("samplePerBank", size + " is larger than bank '" + bank.name() + "' (" + questions.size()
                    + " questions)");
        }
        Map<String, List<Question>> bySubject = new TreeMap<>();
        questions.forEach(q -> bySubject.computeIfAbsent(q.subject(), s -> new ArrayList<>()).add(q));
        Map<String, Integer> quota = new TreeMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        int given = 0;
        for (Map.Entry<String, List<Question>> subject : bySubject.entrySet()) {
            double exact = (double) size * subject.getValue().size() / questions.size();
            quota.put(subject.getKey(), (int) Math.floor(exact));
            given += (int) Math.floor(exact);
            remainders.add(Map.entry(subject.getKey(), exact - Math.floor(exact)));
        }
        // Ties between equal remainders are broken by a seeded order, not by name, so no subject is favoured.
        Collections.shuffle(remainders, new Random(Seeds.derive(seed, "strata", bank.name())));
        remainders.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (int i = 0; i < size - given; i++) {
            quota.merge(remainders.get(i).getKey(), 1, Integer::sum);
        }
        List<Question> sample = new ArrayList<>(size);
        for (Map.Entry<String, List<Question>> subject : bySubject.entrySet()) {
            List<Question> shuffled = new ArrayList<>(subject.getValue());
            shuffled.sort(Comparator.comparing(Question::id));
            Collections.shuffle(shuffled, new Random(Seeds.derive(seed, "sample", bank.name(), subject.getKey())));
            sample.addAll(shuffled.subList(0, quota.get(subject.getKey())));
        }
        return sample;
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

    private static PairCreated pair(CheckpointRequested request, Question question, HintType type, String variant, HintArm arm,
            String hint, int sample, int planned, List<Question> examples) {
        return new PairCreated(Events.SCHEMA_VERSION, pairId(request.checkpointId(), question, type, arm, sample),
                request.checkpointId(), request.runId(), request.step(), question.id(), question.dataset(), question.subject(),
                type, type.category(), variant, arm, hint, question.correctLetter(), question.numOptions(),
                HintTemplates.unhinted(type, question, examples), HintTemplates.hinted(type, variant, question, hint, examples),
                request.model(), sample, planned, request.seed(), request.judgeDefinition());
    }
}
