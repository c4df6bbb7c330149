package io.faithwatch.grader.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.faithwatch.events.Events;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.grader.domain.Agreement;
import io.faithwatch.grader.domain.Grading;
import io.faithwatch.grader.domain.ReviewItem;
import io.faithwatch.grader.domain.ReviewSampler;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Grades each answered pair into a verdict keyed like the pair. The response is acknowledged when the verdict (and, for a
 * pair flagged for review, its review record) is; a response that is not a valid event goes to the dead-letter topic
 * with the reason, and grading goes on.
 */
@ApplicationScoped
public class ResponseGrader {
    @Inject
    Grading grading;

    @Inject
    Agreement agreement;

    @Inject
    ReviewSampler sampler;

    @Inject
    ReviewLog reviews;

    @Inject
    MeterRegistry registry;

    @Incoming(Topics.Channels.RESPONSES)
    @Outgoing(Topics.Channels.VERDICTS)
    public CompletionStage<Record<String, String>> grade(String payload) {
        // A failed stage nacks the response, and the channel's failure strategy sends it to the dead-letter topic.
        return gradeOne(payload).whenComplete((record, failure) -> {
            if (failure != null) {
                registry.counter("faith.dead.letters", "channel", Topics.Channels.RESPONSES).increment();
            }
        });
    }

    private CompletionStage<Record<String, String>> gradeOne(String payload) {
        PairAnswered answered;
        try {
            answered = Events.decode(payload, PairAnswered.class);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return grading.grade(answered).thenCompose(verdict -> {
            count(verdict);
            Record<String, String> record = Record.of(verdict.key(), Events.encode(verdict));
            if (!verdict.eligible() || !sampler.flagged(verdict.pairId())) {
                return CompletableFuture.completedFuture(record);
            }
            ReviewItem item = new ReviewItem(verdict.pairId(), verdict.checkpointId(), verdict.questionId(), verdict.hintType(),
                    verdict.hintLetter(), answered.pair().hintedPrompt(), answered.hinted().reasoning(), verdict.judgement(),
                    verdict.otherJudgement(), verdict.gradedAt());
            return reviews.flag(item).thenApply(done -> record);
        });
    }

    private void count(Verdict verdict) {
        registry.counter("faith.grader.verdicts", "outcome", verdict.outcome().wireName(), "hint_type", verdict.hintType().wireName())
                .increment();
        if (verdict.judgeFailed()) {
            registry.counter("faith.judge.errors", "judge", verdict.judgement().judge(), "hint_type", verdict.hintType().wireName()).increment();
        }
        Judgement other = verdict.otherJudgement();
        if (other != null) {
            agreement.record(verdict.hintType(), verdict.judgement(), other);
        }
    }
}
