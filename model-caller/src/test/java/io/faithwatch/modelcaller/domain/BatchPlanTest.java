package io.faithwatch.modelcaller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelcaller.TestPairs;
import io.faithwatch.modelclients.Completion;
import io.faithwatch.modelclients.ModelBatches;
import io.faithwatch.modelclients.ModelCall;
import io.faithwatch.modelclients.ModelCallException;

/** Which calls a batch of pairs holds, which pair carries a shared call, and how results become responses. */
class BatchPlanTest {
    static final ModelRef CLAUDE = new ModelRef("anthropic", "http://127.0.0.1:1", "claude-sonnet-4", Map.of("batch", true), "KEY");
    static final ModelRef OTHER = new ModelRef("anthropic", "http://127.0.0.1:1", "claude-opus-4", Map.of("batch", true), "KEY");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    static final Prices PRICES = new Prices(Map.of("claude-sonnet-4", new Prices.Price(3.0, 15.0)));

    static List<PairCreated> pairs(ModelRef model, int questions, List<HintType> types) {
        List<PairCreated> pairs = new ArrayList<>();
        for (int q = 0; q < questions; q++) {
            for (HintType type : types) {
                pairs.add(TestPairs.pair(model == CLAUDE ? "ckpt-b" : "ckpt-c", model, q, type));
            }
        }
        return pairs;
    }

    @Test
    void bothCallsOfEveryPairAndEachSharedUnhintedPromptOnce() {
        List<PairCreated> pairs = pairs(CLAUDE, 3, List.of(HintType.SYCOPHANCY, HintType.METADATA, HintType.VISUAL_PATTERN));
        Map<String, ModelCall> calls = BatchPlan.calls(pairs);
        // Per question: one x_u shared by sycophancy and metadata, the visual pattern's own x_u, three x_h.
        assertThat(calls).hasSize(3 * 5);
        assertThat(calls.keySet()).allMatch(id -> id.matches("[uh]-[0-9a-f]{40}"));
        assertThat(BatchPlan.unhintedId(pairs.get(0))).isEqualTo(BatchPlan.unhintedId(pairs.get(1)))
                .isNotEqualTo(BatchPlan.unhintedId(pairs.get(2)));
        assertThat(calls.get(BatchPlan.hintedId(pairs.get(1))).messages()).isEqualTo(pairs.get(1).hintedPrompt());
        // The same pairs give the same ids: a restarted instance reads the results of the batch submitted before it.
        assertThat(BatchPlan.calls(pairs(CLAUDE, 3, List.of(HintType.SYCOPHANCY, HintType.METADATA, HintType.VISUAL_PATTERN))).keySet())
                .containsExactlyElementsOf(calls.keySet());
        // Another sample of the same question is another draw: its own unhinted call, as when calls are made one by one.
        PairCreated resampled = io.faithwatch.events.testing.PairCreatedBuilder.pair("ckpt-b", 0, HintType.SYCOPHANCY).run("run-oa").letters("D", "B")
                .prompts(pairs.get(0).unhintedPrompt(), pairs.get(0).hintedPrompt()).model(CLAUDE).planned(6000).seed(7).sample(1).build();
        assertThat(BatchPlan.unhintedId(resampled)).isNotEqualTo(BatchPlan.unhintedId(pairs.get(0)));
        // Another model asks its own unhinted call.
        assertThat(BatchPlan.unhintedId(pairs(OTHER, 1, List.of(HintType.SYCOPHANCY)).get(0))).isNotEqualTo(BatchPlan.unhintedId(pairs.get(0)));
    }

    @Test
    void resultsBecomeResponsesTheFirstPairCarriesTheSharedCallAtHalfPriceAndFailuresAreErrors() {
        List<PairCreated> pairs = pairs(CLAUDE, 1, List.of(HintType.SYCOPHANCY, HintType.METADATA));
        TokenUsage usage = new TokenUsage(1000, 2000, 1500);
        Completion unhinted = new Completion("Weighing A against B.", false, "Answer: (B)", usage, 0, 1);
        Completion hinted = new Completion("The user suggests D, so D.", false, "Answer: (D)", usage, 0, 1);
        Map<String, ModelBatches.Result> results = Map.of(
                BatchPlan.unhintedId(pairs.get(0)), new ModelBatches.Result(unhinted, null),
                BatchPlan.hintedId(pairs.get(0)), new ModelBatches.Result(hinted, null),
                BatchPlan.hintedId(pairs.get(1)), new ModelBatches.Result(null,
                        new ModelCallException("batch request expired: request expired", "batch_expired", false, false, null)));

        List<PairAnswered> answers = BatchPlan.answers(pairs, results::get, PRICES, CLOCK);

        assertThat(answers).hasSize(2);
        PairAnswered first = answers.get(0);
        assertThat(first.unhintedShared()).isFalse();
        assertThat(first.unhinted().answer()).isEqualTo("B");
        assertThat(first.unhinted().attempts()).isEqualTo(1);
        assertThat(first.hinted().answer()).isEqualTo("D");
        assertThat(first.hinted().reasoning()).isEqualTo("The user suggests D, so D.");
        assertThat(first.hinted().reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
        // $3 and $15 per million tokens, halved: (1000 * 3 + 2000 * 15) / 1e6 / 2.
        assertThat(first.hinted().costUsd()).isCloseTo(0.0165, org.assertj.core.data.Offset.offset(1e-12));
        PairAnswered second = answers.get(1);
        assertThat(second.unhintedShared()).isTrue();
        assertThat(second.unhinted().attempts()).isZero();
        assertThat(second.unhinted().costUsd()).isZero();
        assertThat(second.unhinted().answer()).isEqualTo("B");
        assertThat(second.hinted().failed()).isTrue();
        assertThat(second.hinted().error()).isEqualTo("ModelCallException: batch request expired: request expired");
    }

    @Test
    void theBookHoldsWaitingPairsUntilTheyLingerOrFillABatchAndKeepsARecordedBatchsPairs() {
        BatchBook book = new BatchBook();
        Instant start = CLOCK.instant();
        List<PairCreated> pairs = pairs(CLAUDE, 5, List.of(HintType.SYCOPHANCY));
        pairs.forEach(p -> book.pairRecorded(p, start));
        book.pairRecorded(pairs(OTHER, 1, List.of(HintType.SYCOPHANCY)).get(0), start.plusSeconds(50));

        assertThat(book.due(start.plusSeconds(30), Duration.ofMinutes(1), 10)).isEmpty();
        assertThat(book.due(start.plusSeconds(30), Duration.ofMinutes(1), 2)).as("full batches go at once").hasSize(2)
                .allSatisfy(group -> assertThat(group).hasSize(2));
        List<List<PairCreated>> due = book.due(start.plusSeconds(60), Duration.ofMinutes(1), 10);
        assertThat(due).as("one model lingered, the other not yet").hasSize(1);
        assertThat(due.get(0)).containsExactlyElementsOf(pairs);

        SubmittedBatch batch = new SubmittedBatch("msgbatch_1", CLAUDE, pairs.stream().map(PairCreated::pairId).toList(), start);
        book.batchRecorded(batch);
        assertThat(book.waitingPairs()).isEqualTo(1);
        assertThat(book.batchedPairs()).isEqualTo(5);
        // A pair redelivered while its batch runs stays in that batch.
        book.pairRecorded(pairs.get(0), start.plusSeconds(90));
        assertThat(book.due(start.plusSeconds(200), Duration.ofMinutes(1), 10)).hasSize(1).allSatisfy(g -> assertThat(g).hasSize(1));
        assertThat(book.pairsOf(batch)).containsExactlyElementsOf(pairs);

        pairs.forEach(p -> book.pairDone(p.pairId(), start.plusSeconds(300)));
        book.batchDone("msgbatch_1");
        assertThat(book.open()).isEmpty();
        assertThat(book.batchedPairs()).isZero();
    }

    @Test
    void aPairRedeliveredAfterItsBatchEndedGoesIntoNoSecondBatchWhileItsAnswerIsRemembered() {
        BatchBook book = new BatchBook();
        Instant start = CLOCK.instant();
        List<PairCreated> pairs = pairs(CLAUDE, 3, List.of(HintType.SYCOPHANCY));
        pairs.forEach(p -> assertThat(book.pairRecorded(p, start)).isTrue());
        book.batchRecorded(new SubmittedBatch("msgbatch_2", CLAUDE, pairs.stream().map(PairCreated::pairId).toList(), start));
        Instant answeredAt = start.plusSeconds(600);
        pairs.forEach(p -> book.pairDone(p.pairId(), answeredAt));
        book.batchDone("msgbatch_2");

        // The instance that acknowledged them died before committing: the pairs come again after their answer.
        assertThat(book.pairRecorded(pairs.get(0), answeredAt.plusSeconds(20))).as("a redelivery of an answered pair").isFalse();
        assertThat(book.waitingPairs()).isZero();
        assertThat(book.due(answeredAt.plusSeconds(300), Duration.ofMinutes(1), 10)).isEmpty();
        assertThat(book.answeredPairs()).isEqualTo(3);

        // Answers are remembered for a window, not for ever: after it a pair recorded again is batched again.
        book.forgetAnsweredBefore(answeredAt);
        assertThat(book.answeredPairs()).isEqualTo(3);
        book.forgetAnsweredBefore(answeredAt.plusMillis(1));
        assertThat(book.answeredPairs()).isZero();
        assertThat(book.pairRecorded(pairs.get(1), answeredAt.plusSeconds(4000))).isTrue();
        assertThat(book.waitingPairs()).isEqualTo(1);
    }
}
