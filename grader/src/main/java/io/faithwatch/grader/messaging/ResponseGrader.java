package io.faithwatch.grader.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.faithwatch.events.Events;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.grader.domain.Grading;
import io.faithwatch.grader.domain.RuleJudge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Grades each answered pair into a verdict keyed like the pair. The response is acknowledged when the verdict is; a
 * response that is not a valid event goes to the dead-letter topic with the reason, and grading goes on.
 */
@ApplicationScoped
public class ResponseGrader {
    private final Grading grading = new Grading(new RuleJudge(), Clock.systemUTC());

    @Inject
    MeterRegistry registry;

    @Incoming(Topics.Channels.RESPONSES)
    @Outgoing(Topics.Channels.VERDICTS)
    public Record<String, String> grade(String payload) {
        Verdict verdict = grading.grade(Events.decode(payload, PairAnswered.class));
        registry.counter("faith.grader.verdicts", "outcome", verdict.outcome().wireName(), "hint_type", verdict.hintType().wireName())
                .increment();
        return Record.of(verdict.key(), Events.encode(verdict));
    }
}
