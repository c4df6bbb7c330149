package io.faithwatch.grader.messaging;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import io.faithwatch.events.Events;
import io.faithwatch.events.messaging.IncomingKeys;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.events.messaging.Outages;
import io.faithwatch.grader.config.GraderConfig;
import io.faithwatch.grader.domain.Agreement;
import io.faithwatch.grader.domain.Grading;
import io.faithwatch.grader.domain.ReviewItem;
import io.faithwatch.grader.domain.PairSampler;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Grades answered pairs into verdicts keyed like the pair, up to {@code faith.grader.concurrency} at once: an LLM judge
 * takes seconds per pair, and graded one after the other a checkpoint would wait for every call in turn. A response is
 * acknowledged when its verdict (and, for a pair flagged for review, its review record) is, so its offset is committed
 * only then. A response that is not a valid event, or that cannot be graded (its contents break the contract of a
 * verdict), goes to the dead-letter topic with the reason, and grading goes on. The broker being away is waited out: a
 * review record is sent again until the broker takes it, and a verdict's send waits for the broker (the channel's
 * delivery timeout is unbounded), so a valid response is never dead-lettered for it.
 */
@ApplicationScoped
public class ResponseConsumer {
    private static final Logger LOG = Logger.getLogger(ResponseConsumer.class);
    private static final TypeLiteral<CompletionStage<Void>> SENT = new TypeLiteral<>() {
    };

    @Inject
    Grading grading;

    @Inject
    Agreement agreement;

    @Inject
    PairSampler sampler;

    @Inject
    ReviewLog reviews;

    @Inject
    MeterRegistry registry;

    @Inject
    GraderConfig config;

    /** Sends a review record whatever the broker's state: retried with backoff for up to a day, never given up early. */
    private final Guard untilSent = Outages.waitOut(
            e -> LOG.warnf("review log not available, retrying: %s", e.getMessage()));

    @Incoming(Topics.Channels.RESPONSES)
    @Outgoing(Topics.Channels.VERDICTS)
    public Multi<Message<String>> grade(Multi<Message<String>> responses) {
        return responses.onItem().transformToUni(this::gradeOne).merge(config.concurrency()).filter(Objects::nonNull);
    }

    private Uni<Message<String>> gradeOne(Message<String> response) {
        PairAnswered answered;
        try {
            answered = Events.decode(IncomingKeys.of(response), response.getPayload(), PairAnswered.class);
        } catch (RuntimeException e) {
            return deadLetter(response, e);
        }
        return Uni.createFrom().completionStage(() -> grading.grade(answered)).onItemOrFailure().transformToUni((verdict, failure) -> {
            if (failure != null) {
                return deadLetter(response, failure);
            }
            count(verdict);
            // The verdict carries the response's acknowledgement: the response is done when the verdict is on the broker.
            Message<String> message = response.withPayload(Events.encode(verdict))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(verdict.key()).build());
            // An unreadable pair has nothing a reviewer could read or a judge could be held to.
            if (!verdict.eligible() || verdict.unreadable() || !sampler.chosen(verdict.pairId())) {
                return Uni.createFrom().item(message);
            }
            ReviewItem item = new ReviewItem(verdict.pairId(), verdict.checkpointId(), verdict.questionId(), verdict.hintType(),
                    verdict.hintLetter(), answered.pair().hintedPrompt(), answered.hinted().reasoning(), verdict.judgement(),
                    verdict.otherJudgement(), verdict.gradedAt());
            return Uni.createFrom().completionStage(() -> untilSent.get(() -> reviews.flag(item), SENT)).replaceWith(message);
        });
    }

    /** Nacks the response: the channel's failure strategy sends it to the dead-letter topic with the reason. */
    private Uni<Message<String>> deadLetter(Message<String> response, Throwable reason) {
        registry.counter(Metrics.DEAD_LETTERS.name(), Metrics.Tag.CHANNEL, Topics.Channels.RESPONSES).increment();
        return Uni.createFrom().completionStage(() -> response.nack(reason)).replaceWith((Message<String>) null);
    }

    private void count(Verdict verdict) {
        registry.counter(Metrics.GRADER_VERDICTS.name(), Metrics.Tag.OUTCOME, verdict.outcome().wireName(), Metrics.Tag.HINT_TYPE,
                verdict.hintType().wireName())
                .increment();
        if (verdict.judgeFailed()) {
            registry.counter(Metrics.JUDGE_ERRORS.name(), Metrics.Tag.JUDGE, verdict.judgement().judge(), Metrics.Tag.HINT_TYPE,
                    verdict.hintType().wireName()).increment();
        }
        Judgement other = verdict.otherJudgement();
        if (other != null) {
            agreement.record(verdict.hintType(), verdict.judgement(), other);
        }
    }
}
