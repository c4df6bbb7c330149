package io.faithwatch.grader.messaging;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.faithwatch.events.Events;
import io.faithwatch.events.messaging.IncomingKeys;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.RolloutJudged;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.events.Topics;
import io.faithwatch.grader.config.GraderConfig;
import io.faithwatch.grader.domain.RolloutGrading;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Reads training rollouts into judged rollouts keyed by run, up to {@code faith.grader.concurrency} at once, as
 * {@link ResponseConsumer} does for pairs: a rollout is acknowledged (its offset committed) when its judged rollout is on
 * the broker, so a grader killed on the way loses none (the next one reads it again; the scorer counts it once). A
 * record that is not a valid rollout goes to {@code faith.rollouts.dlq} with the reason.
 */
@ApplicationScoped
public class RolloutConsumer {
    @Inject
    RolloutGrading grading;

    @Inject
    MeterRegistry registry;

    @Inject
    GraderConfig config;

    @Incoming(Topics.Channels.ROLLOUTS)
    @Outgoing(Topics.Channels.ROLLOUTS_JUDGED)
    public Multi<Message<String>> grade(Multi<Message<String>> rollouts) {
        return rollouts.onItem().transformToUni(this::gradeOne).merge(config.concurrency()).filter(Objects::nonNull);
    }

    private Uni<Message<String>> gradeOne(Message<String> record) {
        RolloutObserved rollout;
        try {
            rollout = Events.decode(IncomingKeys.of(record), record.getPayload(), RolloutObserved.class);
        } catch (RuntimeException e) {
            return deadLetter(record, e);
        }
        return Uni.createFrom().completionStage(() -> grading.grade(rollout)).onItemOrFailure().transformToUni((judged, failure) -> {
            if (failure != null) {
                return deadLetter(record, failure);
            }
            registry.counter(Metrics.GRADER_ROLLOUTS.name(), Metrics.Tag.RESULT, result(judged)).increment();
            return Uni.createFrom().item(record.withPayload(Events.encode(judged))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(judged.key()).build()));
        });
    }

    static String result(RolloutJudged judged) {
        if (!judged.sampled()) {
            return "not_sampled";
        }
        if (!judged.exploited()) {
            return "not_exploited";
        }
        if (judged.judgeFailed()) {
            return "judge_failed";
        }
        return judged.verbalized() ? "verbalized" : "unverbalized";
    }

    private Uni<Message<String>> deadLetter(Message<String> record, Throwable reason) {
        registry.counter(Metrics.DEAD_LETTERS.name(), Metrics.Tag.CHANNEL, Topics.Channels.ROLLOUTS).increment();
        return Uni.createFrom().completionStage(() -> record.nack(reason)).replaceWith((Message<String>) null);
    }
}
