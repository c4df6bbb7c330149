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

    @Incoming(Topics.Channels.REVIEWS_LOG)
    public void replay(Record<String, String> record) {
        try {
            if (record.key() != null && record.key().startsWith(FLAG)) {
                book.flag(mapper.readValue(record.value(), ReviewItem.class));
            } else if (record.key() != null && record.key().startsWith(LABEL)) {
                book.label(mapper.readValue(record.value(), HumanLabel.class));
            } else {
                LOG.warnf("review log: record with unknown key '%s' skipped", record.key());
            }
        } catch (JsonProcessingException e) {
            // A record this build cannot read must not stop the replay of the others.
            LOG.warnf("review log: unreadable record '%s' skipped: %s", record.key(), e.getOriginalMessage());
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
