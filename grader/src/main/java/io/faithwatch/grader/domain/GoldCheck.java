package io.faithwatch.grader.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;

import io.faithwatch.events.HintType;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.Judgement;

/**
 * Re-judges the gold set with one judge and holds its latest figures: raw agreement and Cohen's kappa with the labels
 * on verbalized (the paper's definition, mentions and relies) over the cases it judged, and raw agreement on mentions
 * over the cases that have a mentions label. A failed judgement is no vote: it is counted apart. At most
 * {@code maxInFlight} judge calls are in flight at once, so that an LLM judge's endpoint is not flooded.
 */
public final class GoldCheck {
    /** Judge calls in flight by default: an LLM judge endpoint serves a handful at once, and the check is not urgent. */
    public static final int DEFAULT_IN_FLIGHT = 8;

    private final VerbalizationJudge judge;
    private final int maxInFlight;
    private final Clock clock;
    private volatile Figures latest;

    /**
     * The figures of one check. {@code cases} counts the gold cases judged (failed ones excluded), {@code failed} the
     * others; {@code mentionsCases} those of the judged ones with a mentions label. Undefined figures are NaN: no case
     * judged, or kappa when chance agreement is 1. {@code model} and {@code promptHash} are those the judgements name
     * (an LLM judge's), else null. {@code disagreements}: the ids of the cases judged against their verbalized label;
     * {@code firstFailure}: why the first failed case failed, null when none did.
     */
    public record Figures(String judge, String version, String model, String promptHash, Instant checkedAt, Duration took, int cases,
            int failed, double agreement, double kappa, int mentionsCases, double mentionsAgreement,
            Map<HintType, Agreement.Figures> byHintType, List<String> disagreements, String firstFailure) {
        public Figures {
            EnumMap<HintType, Agreement.Figures> types = new EnumMap<>(HintType.class);
            types.putAll(byHintType);
            byHintType = Collections.unmodifiableMap(types);
            disagreements = List.copyOf(disagreements);
        }
    }

    public GoldCheck(VerbalizationJudge judge, int maxInFlight, Clock clock) {
        if (judge == null) {
            throw new IllegalArgumentException("judge: is required");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: must be at least 1, was " + maxInFlight);
        }
        this.judge = judge;
        this.maxInFlight = maxInFlight;
        this.clock = clock;
    }

    public String judge() {
        return judge.name();
    }

    public String version() {
        return judge.version();
    }

    /** The figures of the latest check that finished, empty before the first. */
    public Optional<Figures> latest() {
        return Optional.ofNullable(latest);
    }

    /** One figure of the latest check, NaN before the first (a gauge's value). */
    public double latest(ToDoubleFunction<Figures> figure) {
        Figures figures = latest;
        return figures == null ? Double.NaN : figure.applyAsDouble(figures);
    }

    /** Re-judges the cases and, once every judgement is in, makes the figures the latest. */
    public CompletionStage<Figures> run(List<GoldSet.Case> cases) {
        return new Run(List.copyOf(cases), clock.instant()).start().thenApply(figures -> {
            latest = figures;
            return figures;
        });
    }

    /** {@link #run} and wait for it: for the caller that has a thread to spare (the grader's timer, tests). */
    public Figures check(List<GoldSet.Case> cases) {
        try {
            return run(cases).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** A judge's reading of one case; null judgement (and the error) when the call itself failed. */
    private record Reading(Judgement judgement, String error) {
        boolean failed() {
            return judgement == null || judgement.failed();
        }
    }

    /** One check: starts judge calls while fewer than maxInFlight are out, the next one whenever one comes back. */
    private final class Run {
        private final List<GoldSet.Case> cases;
        private final Instant started;
        private final AtomicReferenceArray<Reading> readings;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        /** Serialises {@link #drain}: a judge that answers at once re-enters it, which then loops instead of recursing. */
        private final AtomicInteger wip = new AtomicInteger();
        private final CompletableFuture<Figures> result = new CompletableFuture<>();
        private int next;

        Run(List<GoldSet.Case> cases, Instant started) {
            this.cases = cases;
            this.started = started;
            this.readings = new AtomicReferenceArray<>(cases.size());
        }

        CompletableFuture<Figures> start() {
            if (cases.isEmpty()) {
                finish();
            } else {
                drain();
            }
            return result;
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (next < cases.size() && inFlight.get() < maxInFlight) {
                    inFlight.incrementAndGet();
                    ask(next++);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void ask(int index) {
            CompletionStage<Judgement> answer;
            try {
                answer = judge.judge(cases.get(index).input());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            if (answer == null) {
                answer = CompletableFuture.failedFuture(new IllegalStateException("the judge returned no answer"));
            }
            answer.whenComplete((judgement, error) -> {
                readings.set(index, error == null && judgement != null ? new Reading(judgement, null)
                        : new Reading(null, error == null ? "no judgement" : String.valueOf(error)));
                inFlight.decrementAndGet();
                if (done.incrementAndGet() == cases.size()) {
                    finish();
                } else {
                    drain();
                }
            });
        }

        private void finish() {
            try {
                result.complete(figures());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private Figures figures() {
            long[][] table = new long[2][2]; // [label verbalized][judge verbalized]
            Map<HintType, long[][]> byType = new EnumMap<>(HintType.class);
            int failed = 0;
            int mentionsCases = 0;
            int mentionsAgree = 0;
            String model = null;
            String promptHash = null;
            String firstFailure = null;
            List<String> disagreements = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                GoldSet.Case gold = cases.get(i);
                Reading reading = readings.get(i);
                if (reading.failed()) {
                    failed++;
                    firstFailure = firstFailure != null ? firstFailure
                            : gold.id() + ": " + (reading.judgement() != null ? reading.judgement().error() : reading.error());
                    continue;
                }
                Judgement judgement = reading.judgement();
                model = model == null ? judgement.model() : model;
                promptHash = promptHash == null ? judgement.promptHash() : promptHash;
                // Held to the paper's definition whatever a judge's default: the labels are under it.
                boolean verbalized = judgement.under(JudgeDefinition.MENTIONS_AND_RELIES).verbalized();
                int label = gold.verbalized() ? 1 : 0;
                int judged = verbalized ? 1 : 0;
                table[label][judged]++;
                byType.computeIfAbsent(gold.input().hintType(), t -> new long[2][2])[label][judged]++;
                if (label != judged) {
                    disagreements.add(gold.id());
                }
                if (gold.mentions() != null) {
                    mentionsCases++;
                    mentionsAgree += gold.mentions() == judgement.mentions() ? 1 : 0;
                }
            }
            Agreement.Figures verbalized = Agreement.fromTable(table);
            Map<HintType, Agreement.Figures> perType = new EnumMap<>(HintType.class);
            byType.forEach((type, counts) -> perType.put(type, Agreement.fromTable(counts)));
            Instant checkedAt = clock.instant();
            return new Figures(judge.name(), judge.version(), model, promptHash, checkedAt, Duration.between(started, checkedAt),
                    (int) verbalized.compared(), failed, verbalized.agreement(), verbalized.kappa(), mentionsCases,
                    mentionsCases == 0 ? Double.NaN : (double) mentionsAgree / mentionsCases, perType, disagreements, firstFailure);
        }
    }
}
