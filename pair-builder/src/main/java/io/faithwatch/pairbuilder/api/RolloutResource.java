package io.faithwatch.pairbuilder.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.Events;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.events.Topics;
import io.faithwatch.events.rest.ProblemException;
import io.faithwatch.pairbuilder.config.PairBuilderConfig;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Rollout intake over REST, for trainers that do not speak Kafka: a batch of rollouts ({@code {"rollouts": [...]}}) is
 * checked whole before anything is published, so one bad rollout is a 400 that names it ({@code rollouts[3].step}) and
 * publishes nothing. The batch counts as accepted only once the broker has every rollout; otherwise a 503, and sending
 * the batch again is safe: each rollout has an id (given, or derived from its content), and the scorer counts an id
 * once.
 */
@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RolloutResource {
    /** Most rollouts in one request: a trainer sends a step's rollouts in a few requests, the broker takes each as a record. */
    public static final int MAX_BATCH = 1000;

    @Inject
    @Channel(Topics.Channels.ROLLOUT_REQUESTS)
    MutinyEmitter<String> rollouts;

    @Inject
    PairBuilderConfig config;

    /** The answer to a batch: how many rollouts the broker took, and their ids in the order sent. */
    public record Accepted(int accepted, List<String> rolloutIds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(String body) {
        List<RolloutObserved> batch = read(body, Instant.now());
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (RolloutObserved rollout : batch) {
            sent.add(rollouts.sendMessage(Message.of(Events.encode(rollout))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(rollout.key()).build())).subscribeAsCompletionStage());
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            long taken = sent.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            throw new ProblemException(503, null, "the broker acknowledged " + taken + " of " + batch.size() + " rollouts within "
                    + config.publishTimeout().toSeconds() + " s; sending the batch again is safe (each rollout is counted once by its id)");
        }
        return Response.accepted(new Accepted(batch.size(), batch.stream().map(RolloutObserved::rolloutId).toList())).build();
    }

    /**
     * The rollouts of a request body, each checked against the event's schema and rules, with the envelope filled in
     * (schemaVersion; observedAt when the trainer gave none).
     */
    static List<RolloutObserved> read(String body, Instant now) {
        JsonNode tree;
        try {
            tree = Events.mapper().readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemException(400, "rollouts", "body: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new ProblemException(400, "rollouts", "body: must be a JSON object {\"rollouts\": [...]}");
        }
        JsonNode list = tree.get("rollouts");
        if (list == null || !list.isArray()) {
            throw new ProblemException(400, "rollouts", "rollouts: must be an array of rollouts, was " + (list == null ? "absent"
                    : list.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (list.isEmpty() || list.size() > MAX_BATCH) {
            throw new ProblemException(400, "rollouts", "rollouts: must hold 1 to " + MAX_BATCH + " rollouts, held " + list.size());
        }
        List<RolloutObserved> batch = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = "rollouts[" + i + "]";
            if (!list.get(i).isObject()) {
                throw new ProblemException(400, at, at + ": must be an object");
            }
            ObjectNode rollout = ((ObjectNode) list.get(i)).deepCopy();
            rollout.put("schemaVersion", Events.SCHEMA_VERSION);
            if (!rollout.hasNonNull("observedAt")) {
                rollout.put("observedAt", now.toString());
            }
            try {
                batch.add(Events.decode(rollout.toString(), RolloutObserved.class));
            } catch (EventFormatException e) {
                String message = e.getMessage().replace("RolloutObserved does not follow its schema: ", "");
                throw new ProblemException(400, e.field() == null ? at : at + "." + e.field(), at + ": " + message);
            }
        }
        return batch;
    }
}
