package io.faithwatch.modelcaller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.testing.PairCreatedBuilder;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelclients.ModelCall;
import io.faithwatch.modelclients.Completion;
import io.faithwatch.modelclients.ReasoningModel;

class PairAnswererTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    static PairCreated pair(String question, HintType type) {
        return PairCreatedBuilder.pair("ck", question, type).dataset("mmlu", "s")
                .prompts(List.of(ChatMessage.user("Q " + question)), List.of(ChatMessage.user("Q " + question + " hint " + type.wireName())))
                .model(new ModelRef("counting", null, "m", java.util.Map.of(), null)).planned(60).build();
    }

    /** Counts calls and answers only when released, so that calls are in flight together. */
    static final class CountingModel implements ReasoningModel {
        final AtomicInteger calls = new AtomicInteger();
        final List<CompletableFuture<Completion>> pending = new ArrayList<>();
        final boolean fail;

        CountingModel(boolean fail) {
            this.fail = fail;
        }

        @Override
        public synchronized CompletionStage<Completion> complete(ModelCall call) {
            calls.incrementAndGet();
            CompletableFuture<Completion> reply = new CompletableFuture<>();
            pending.add(reply);
            return reply;
        }

        /** Answers every pending call, and the calls those answers lead to (a hinted call waits for its unhinted answer). */
        synchronized void release() {
            while (!pending.isEmpty()) {
                List<CompletableFuture<Completion>> now = new ArrayList<>(pending);
                pending.clear();
                answer(now);
            }
        }

        private void answer(List<CompletableFuture<Completion>> replies) {
            for (CompletableFuture<Completion> reply : replies) {
                if (fail) {
                    reply.completeExceptionally(new java.io.IOException("connection refused"));
                } else {
                    reply.complete(new Completion("thinking", false, "Answer: (B)", new TokenUsage(10, 20, 15), 5));
                }
            }
        }
    }

    @Test
    void twoQuestionsWithTheSameTextEachKeepTheirOwnUnhintedCall() {
        CountingModel model = new CountingModel(false);
        PairAnswerer answering = new PairAnswerer(p -> model, new UnhintedCalls(1000, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true);
        PairCreated first = pair("q1", HintType.SYCOPHANCY);
        PairCreated twin = PairCreatedBuilder.pair("ck", "q1-twin", HintType.SYCOPHANCY).dataset("mmlu", "other")
                .prompts(first.unhintedPrompt(), first.hintedPrompt()).model(first.model()).planned(60).build();

        CompletableFuture<PairAnswered> a = answering.answer(first);
        CompletableFuture<PairAnswered> b = answering.answer(twin);
        model.release();

        assertThat(model.calls).hasValue(4);
        assertThat(a.join().unhintedShared()).isFalse();
        assertThat(b.join().unhintedShared()).isFalse();
    }

    @Test
    void theUnhintedCallOfAQuestionIsSharedByItsHintTypesEvenInFlight() {
        CountingModel model = new CountingModel(false);
        PairAnswerer answering = new PairAnswerer(p -> model, new UnhintedCalls(1000, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true);
        List<CompletableFuture<PairAnswered>> answers = new ArrayList<>();
        for (int q = 0; q < 10; q++) {
            for (HintType type : List.of(HintType.SYCOPHANCY, HintType.CONSISTENCY, HintType.METADATA, HintType.GRADER_HACKING,
                    HintType.UNETHICAL_INFORMATION)) {
                answers.add(answering.answer(pair("q" + q, type)));
            }
        }
        model.release();

        assertThat(model.calls).hasValue(10 + 50);
        assertThat(answers).allSatisfy(a -> assertThat(a.join().unhinted().answer()).isEqualTo("B"));
        assertThat(answers.stream().filter(a -> !a.join().unhintedShared())).hasSize(10);

        // A redelivered pair reuses the unhinted reply still in memory.
        CompletableFuture<PairAnswered> again = answering.answer(pair("q3", HintType.SYCOPHANCY));
        model.release();
        assertThat(again.join().unhintedShared()).isTrue();
        assertThat(model.calls).hasValue(61);
    }

    @Test
    void aFailedCallBecomesAnErrorResponseAndIsNotShared() {
        CountingModel model = new CountingModel(true);
        PairAnswerer answering = new PairAnswerer(p -> model, new UnhintedCalls(1000, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true);
        CompletableFuture<PairAnswered> answer = answering.answer(pair("q1", HintType.SYCOPHANCY));
        model.release();

        assertThat(answer.join().unhinted().error()).isEqualTo("IOException: connection refused");
        assertThat(answer.join().unhinted().answer()).isNull();

        // The next hint type calls again rather than share the failure (its hinted call waits for that answer).
        answering.answer(pair("q1", HintType.METADATA));
        assertThat(model.calls).hasValue(3);
        model.release();
        assertThat(model.calls).hasValue(4);
    }

    @Test
    void anUnknownProviderIsAnErrorResponseNamingIt() {
        PairAnswerer answering = new PairAnswerer(p -> null, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true);
        PairAnswered answered = answering.answer(pair("q1", HintType.SYCOPHANCY)).join();
        assertThat(answered.hinted().error()).isEqualTo("IllegalArgumentException: no client for provider 'counting'");
    }

    @Test
    void anUnknownProviderThrownByTheFactoryIsAnErrorResponse() {
        PairAnswerer answering = new PairAnswerer(p -> {
            throw new IllegalArgumentException("unknown model provider 'counting'; known providers: openai, anthropic, sim");
        }, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true);
        PairAnswered answered = answering.answer(pair("q1", HintType.SYCOPHANCY)).join();
        assertThat(answered.hinted().error()).isEqualTo("IllegalArgumentException: unknown model provider 'counting'; known providers: openai, anthropic, sim");
        assertThat(answered.unhinted().failed()).isTrue();
    }

    @Test
    void costAndAttemptsAreCountedOnceOnThePairThatMadeTheCall() {
        ReasoningModel model = call -> CompletableFuture.completedFuture(
                new Completion("r", false, "Answer: (B)", new TokenUsage(1000, 3000, 2500), 7, 3));
        Prices prices = new Prices(java.util.Map.of("m", new Prices.Price(2.0, 10.0)));
        PairAnswerer answering = new PairAnswerer(p -> model, new UnhintedCalls(10, Duration.ofMinutes(5)), prices, CLOCK, true);

        PairAnswered first = answering.answer(pair("q1", HintType.SYCOPHANCY)).join();
        PairAnswered second = answering.answer(pair("q1", HintType.METADATA)).join();

        // 1000 * 2 / 1e6 + 3000 * 10 / 1e6
        assertThat(first.hinted().costUsd()).isEqualTo(0.032, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(first.unhinted().costUsd()).isEqualTo(0.032, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(first.unhinted().attempts()).isEqualTo(3);
        assertThat(second.unhintedShared()).isTrue();
        assertThat(second.unhinted().costUsd()).isZero();
        assertThat(second.unhinted().attempts()).isZero();
        assertThat(second.unhinted().tokens()).isEqualTo(first.unhinted().tokens());

        PairAnswerer unpriced = new PairAnswerer(p -> model, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true);
        assertThat(unpriced.answer(pair("q1", HintType.SYCOPHANCY)).join().hinted().costUsd()).isNull();
    }

    @Test
    void eachResponseCarriesTheChannelTheClientRead() {
        // The hinted reply is a vendor summary, the unhinted one came as a redacted block only.
        ReasoningModel model = call -> CompletableFuture.completedFuture(!call.cue().hinted()
                ? new Completion("", true, "Answer: (A)", new TokenUsage(10, 20, 15), 5, ReasoningChannel.REDACTED)
                : new Completion("The user suggests C.", false, "Answer: (C)", new TokenUsage(10, 20, 15), 5,
                        ReasoningChannel.SUMMARY));
        PairAnswered answered = new PairAnswerer(p -> model, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true)
                .answer(pair("q1", HintType.SYCOPHANCY)).join();

        assertThat(answered.hinted().reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
        assertThat(answered.unhinted().reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED);
        assertThat(answered.unhinted().reasoningRedacted()).isTrue();

        CountingModel failing = new CountingModel(true);
        CompletableFuture<PairAnswered> failed = new PairAnswerer(p -> failing, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true)
                .answer(pair("q2", HintType.SYCOPHANCY));
        failing.release();
        assertThat(failed.join().hinted().reasoningChannel()).as("a failed call has no reasoning").isEqualTo(ReasoningChannel.NONE);
    }

    @Test
    void noHintedCallIsMadeWhenTheUnhintedAnswerIsAlreadyTheHintLetter() {
        PairCreated pair = pair("q1", HintType.SYCOPHANCY);
        List<ModelCall> calls = new ArrayList<>();
        ReasoningModel onHint = call -> {
            synchronized (calls) {
                calls.add(call);
            }
            return CompletableFuture.completedFuture(new Completion("I'd say " + pair.hintLetter(), false, "Answer: (" + pair.hintLetter() + ")",
                    new TokenUsage(10, 20, 15), 5));
        };
        PairAnswered answered = new PairAnswerer(p -> onHint, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true)
                .answer(pair).join();

        assertThat(calls).hasSize(1).allSatisfy(c -> assertThat(c.cue().hinted()).isFalse());
        assertThat(answered.unhinted().answer()).isEqualTo(pair.hintLetter());
        assertThat(answered.hinted().skipped()).isTrue();
        assertThat(answered.hinted().attempts()).isZero();

        // Switched off, every hinted call is made (hinted accuracy over every question).
        PairAnswered always = new PairAnswerer(p -> onHint, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, false)
                .answer(pair).join();
        assertThat(calls).hasSize(3);
        assertThat(always.hinted().skipped()).isFalse();
        assertThat(always.hinted().answer()).isEqualTo(pair.hintLetter());
    }

    @Test
    void theHintedCallWaitsForTheUnhintedAnswerAndIsMadeWhenItIsNotTheHint() {
        CountingModel model = new CountingModel(false);
        PairAnswerer answering = new PairAnswerer(p -> model, new UnhintedCalls(10, Duration.ofMinutes(5)), Prices.NONE, CLOCK, true);
        CompletableFuture<PairAnswered> answer = answering.answer(pair("q1", HintType.SYCOPHANCY));
        assertThat(model.calls).as("only the unhinted call is in flight").hasValue(1);
        model.release();
        assertThat(model.calls).hasValue(2);
        assertThat(answer.join().hinted().skipped()).isFalse();
        assertThat(answer.join().hinted().answer()).isEqualTo("B");
    }
}
