package io.faithwatch.grader.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faithwatch.events.Topics;
import io.faithwatch.events.rest.Problem;
import io.faithwatch.grader.domain.HumanLabel;
import io.faithwatch.grader.domain.ReviewBook;
import io.faithwatch.grader.domain.ReviewItem;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * The review log on the compacted topic {@link Topics#REVIEWS}: flags ({@code flag/<pairId>}) and human labels
 * ({@code label/<pairId>}) under separate keys, so that compaction never drops a label because the pair was flagged
 * again. Every instance reads the whole log from the beginning (its own consumer group, no committed offsets), so the
 * review list survives restarts and is the same on every instance.
 */
@ApplicationScoped
public class ReviewLog {
    private static final Logger LOG = Logger.getLogger(ReviewLog.class);
    static final String FLAG = "flag/";
    static final String LABEL = "label/";

    @Inject
    ReviewBook book;

    @Inject
    ObjectMapper mapper;

    @Inject
    @Channel(Topics.Channels.REVIEWS)
    Emitter<Record<String, String>> emitter;

    public CompletionStage<Void> flag(ReviewItem item) {
        book.flag(item);
        return emitter.send(Record.of(FLAG + item.pairId(), json(item)));
    }

    public CompletionStage<Void> label(HumanLabel label) {
        book.label(label);
        return emitter.send(Record.of(LABEL + label.pairId(), json(label)));
    }

    /**
     * Replays one record of the log. The log is written by graders alone, but a record this build cannot take (not JSON,
     * of the wrong shape, a value whose pair id is not its key's, a field missing) must stop neither the replay of the
     * others nor a later read of the review list: it is skipped with a warning naming it and why. A record without a value
     * is a deletion on a compacted topic; there is nothing to replay.
     */
    @Incoming(Topics.Channels.REVIEWS_LOG)
    public void replay(Record<String, String> record) {
        String key = record.key();
        try {
            if (record.value() == null) {
                LOG.infof("review log: record %s without a value (a deletion) skipped", Problem.quote(key));
            } else if (key != null && key.startsWith(FLAG)) {
                ReviewItem item = mapper.readValue(record.value(), ReviewItem.class);
                book.flag(checked(key, FLAG, item.pairId(), item, item.checkpointId(), item.questionId(), item.hintType(), item.hintLetter(),
                        item.flaggedAt()));
            } else if (key != null && key.startsWith(LABEL)) {
                HumanLabel label = mapper.readValue(record.value(), HumanLabel.class);
                book.label(checked(key, LABEL, label.pairId(), label, label.labelledAt()));
            } else {
                LOG.warnf("review log: record with unknown key %s skipped", Problem.quote(key));
            }
        } catch (JsonProcessingException e) {
            // A record this build cannot read must not stop the replay of the others.
            LOG.warnf("review log: unreadable record %s skipped: %s", Problem.quote(key), Problem.oneLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("review log: record %s skipped: %s", Problem.quote(key), e.getMessage());
        }
    }

    /** The value when its pair id is its key's (an id as events have them: no control character, 1,000 characters at most) and nothing required is missing. */
    private static <T> T checked(String key, String prefix, String pairId, T value, Object... required) {
        if (pairId == null || !key.equals(prefix + pairId)) {
            throw new IllegalArgumentException("its pairId " + Problem.quote(pairId) + " is not its key's");
        }
        if (pairId.isEmpty() || pairId.length() > 1000 || pairId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("pairId " + Problem.quote(pairId) + " is not an id (1 to 1,000 characters, no control characters)");
        }
        if (java.util.Arrays.stream(required).anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("a required field is missing");
        }
        return value;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
