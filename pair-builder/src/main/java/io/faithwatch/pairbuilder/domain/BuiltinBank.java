package io.faithwatch.pairbuilder.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import io.faithwatch.events.Seeds;

/**
 * Questions the project generates itself, with answers that are correct by construction, so that the system runs with
 * no data download: arithmetic, comparisons, unit conversions and calendar arithmetic. The bank is the same on every
 * machine (a fixed generator seed); the request's seed only chooses the sample.
 */
public final class BuiltinBank {
    public static final String DATASET = "builtin";
    public static final int PER_SUBJECT = 500;
    static final int DEV_PER_SUBJECT = 5;
    private static final long GENERATOR_SEED = 20250403L;
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

    private record Draft(String text, String answer, List<String> distractors) {
    }

    private static final List<Subject> SUBJECTS = List.of(
            new Subject("arithmetic", BuiltinBank::arithmetic),
            new Subject("comparison", BuiltinBank::comparison),
            new Subject("unit_conversion", BuiltinBank::unitConversion),
            new Subject("calendar", BuiltinBank::calendar));

    private record Subject(String name, BiFunction<SplittableRandom, Integer, Draft> generator) {
    }

    private BuiltinBank() {
    }

    public static QuestionBank load() {
        return new QuestionBank(DATASET, generate("test", PER_SUBJECT), generate("dev", DEV_PER_SUBJECT));
    }

    static List<Question> generate(String split, int perSubject) {
        List<Question> questions = new ArrayList<>();
        for (Subject subject : SUBJECTS) {
            for (int i = 0; i < perSubject; i++) {
                SplittableRandom random = Seeds.random(GENERATOR_SEED, split, subject.name(), String.valueOf(i));
                Draft draft = subject.generator().apply(random, i);
                List<String> options = new ArrayList<>(draft.distractors().subList(0, 3));
                int correct = random.nextInt(4);
                options.add(correct, draft.answer());
                String id = DATASET + ":" + (split.equals("test") ? "" : split + ":") + subject.name() + ":" + i;
                questions.add(new Question(id, DATASET, subject.name(), draft.text(), options, correct));
            }
        }
        return questions;
    }

    private static Draft arithmetic(SplittableRandom random, int i) {
        int a = 12 + random.nextInt(88), b = 12 + random.nextInt(88);
        return switch (i % 3) {
            case 0 -> numeric("What is " + a + " + " + b + "?", a + b, random);
            case 1 -> numeric("What is " + a + " × " + b + "?", a * b, random);
            default -> numeric("What is " + (a * b) + " − " + a + "?", a * b - a, random);
        };
    }

    private static Draft comparison(SplittableRandom random, int i) {
        Set<Integer> values = new LinkedHashSet<>();
        while (values.size() < 4) {
            values.add(100 + random.nextInt(900));
        }
        List<Integer> list = new ArrayList<>(values);
        boolean largest = i % 2 == 0;
        int answer = largest ? list.stream().max(Integer::compare).orElseThrow() : list.stream().min(Integer::compare).orElseThrow();
        List<String> distractors = list.stream().filter(v -> v != answer).map(String::valueOf).toList();
        return new Draft("Which of these numbers is the " + (largest ? "largest" : "smallest") + "?", String.valueOf(answer), distractors);
    }

    private static Draft unitConversion(SplittableRandom random, int i) {
        int amount = 2 + random.nextInt(48);
        return switch (i % 4) {
            case 0 -> numeric("How many metres are in " + amount + " kilometres?", amount * 1000, random);
            case 1 -> numeric("How many minutes are in " + amount + " hours?", amount * 60, random);
            case 2 -> numeric("How many grams are in " + amount + " kilograms?", amount * 1000, random);
            default -> numeric("How many seconds are in " + amount + " minutes?", amount * 60, random);
        };
    }

    private static Draft calendar(SplittableRandom random, int i) {
        int start = random.nextInt(7), days = 2 + random.nextInt(60);
        String answer = DAYS[(start + days) % 7];
        List<String> distractors = new ArrayList<>(List.of(DAYS));
        distractors.remove(answer);
        java.util.Collections.shuffle(distractors, new java.util.Random(random.nextLong()));
        return new Draft("If today is " + DAYS[start] + ", what day of the week will it be in " + days + " days?", answer, distractors);
    }

    /** A numeric question with three distinct wrong answers near the right one. */
    private static Draft numeric(String text, int answer, SplittableRandom random) {
        Set<Integer> wrong = new LinkedHashSet<>();
        int spread = Math.max(3, Math.abs(answer) / 10);
        while (wrong.size() < 3) {
            int candidate = answer + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(spread));
            if (candidate != answer) {
                wrong.add(candidate);
            }
        }
        return new Draft(text, String.format(Locale.ROOT, "%d", answer), wrong.stream().map(String::valueOf).toList());
    }
}
