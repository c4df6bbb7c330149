package io.faithwatch.pairbuilder.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Topics;
import io.faithwatch.events.rest.ProblemException;
import io.faithwatch.pairbuilder.config.PairBuilderConfig;
import io.faithwatch.pairbuilder.domain.Admission;
import io.faithwatch.pairbuilder.domain.BankException;
import io.faithwatch.pairbuilder.domain.CheckpointStatus;
import io.faithwatch.pairbuilder.store.BankCache;
import io.faithwatch.pairbuilder.store.CheckpointRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Checkpoint intake over REST. A request is checked in full (fields, banks, sample sizes) before it is published to
 * the checkpoints topic, so a bad one is a 400 that names the problem and publishes nothing. A checkpoint counts as
 * accepted only once the broker has it: a submission the broker did not acknowledge in time is a 503 and records
 * nothing, so submitting it again publishes it. Whether it is already known is decided by {@link Admission}, as in the
 * Kafka intake; the registry is written by the Kafka intake alone, and what this instance published and the intake has
 * not taken yet is remembered here for an hour.
 */
@Path("/api/checkpoints")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CheckpointResource {
    @Inject
    BankCache banks;

    @Inject
    CheckpointRegistry registry;

    @Inject
    @Channel(Topics.Channels.CHECKPOINT_REQUESTS)
    MutinyEmitter<String> checkpoints;

    @Inject
    PairBuilderConfig config;

    private final Clock clock = Clock.systemUTC();
    /** Published by this instance, not yet in the registry: the answer to a status request or a second submission meanwhile. */
    private final Cache<String, CheckpointStatus> published = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000)
            .build();

    /** The answer to a submission. */
    public record Accepted(String checkpointId, int plannedPairs, String state, boolean duplicate) {
    }

    /** Where a checkpoint stands: accepted (on the checkpoints topic), published (every pair on the broker) or failed. */
    public record Status(String checkpointId, String runId, long step, int plannedPairs, int publishedPairs, String state, String error,
            Instant updatedAt) {
        static Status of(CheckpointStatus s) {
            return new Status(s.checkpointId(), s.runId(), s.step(), s.plannedPairs(), s.publishedPairs(), CheckpointResource.state(s), s.error(),
                    s.updatedAt());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(String body) {
        CheckpointRequested request = Events.decode(withDefaults(body).toString(), CheckpointRequested.class);
        int planned;
        try {
            planned = banks.plan(request).size();
        } catch (EventFormatException e) {
            throw e;
        } catch (BankException e) {
            // A bank outside the bank roots, one that cannot be read, or a question in it that is not one.
            throw new ProblemException(400, e.field() != null ? e.field() : "banks", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "banks", e.getMessage());
        }
        CheckpointStatus submitted = CheckpointStatus.of(request, planned, 0, CheckpointStatus.State.ACCEPTED, null, clock.instant());
        Optional<CheckpointStatus> known = known(request.checkpointId());
        Admission admission = Admission.of(known, submitted.contentHash());
        if (admission == Admission.CONFLICT) {
            throw new ProblemException(409, "checkpointId", "checkpointId: '" + request.checkpointId()
                    + "' was already submitted with different content");
        }
        if (admission == Admission.SAME) {
            return Response.accepted(new Accepted(request.checkpointId(), known.get().plannedPairs(), state(known.get()), true)).build();
        }
        try {
            checkpoints.sendMessage(Message.of(Events.encode(request))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.checkpointId()).build()))
                    .await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new ProblemException(503, null, "checkpoint " + request.checkpointId() + " is not accepted: the broker did not acknowledge it"
                    + " within " + config.publishTimeout().toSeconds() + " s (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + "); submitting it again is safe");
        }
        published.put(request.checkpointId(), submitted);
        return Response.accepted(new Accepted(request.checkpointId(), planned, state(submitted), false)).build();
    }

    /** The registry's word, unless this instance published the checkpoint since and the intake has not recorded it yet. */
    private Optional<CheckpointStatus> known(String checkpointId) {
        Optional<CheckpointStatus> recorded = registry.get(checkpointId);
        CheckpointStatus mine = published.getIfPresent(checkpointId);
        if (mine == null) {
            return recorded;
        }
        if (recorded.isPresent() && !recorded.get().updatedAt().isBefore(mine.updatedAt())) {
            published.invalidate(checkpointId);
            return recorded;
        }
        return Optional.of(mine);
    }

    @GET
    @Path("/{checkpointId}")
    public Status status(@PathParam("checkpointId") String checkpointId) {
        return known(checkpointId).map(Status::of)
                .orElseThrow(() -> ProblemException.notFound("checkpointId", checkpointId, "no checkpoint with this id was submitted"));
    }

    private static String state(CheckpointStatus status) {
        return status.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The REST body is a checkpoint request without the envelope: schemaVersion and requestedAt are filled in, and the
     * defaults applied (all six hint types, the wrong-hint arm, one sample per prompt, seed 0, checkpoint id run@step).
     */
    static ObjectNode withDefaults(String body) {
        JsonNode tree = Events.parse(body, CheckpointRequested.class);
        ObjectNode request = (ObjectNode) tree;
        request.put("schemaVersion", Events.SCHEMA_VERSION);
        request.put("requestedAt", Instant.now().toString());
        if (!request.hasNonNull("hintTypes")) {
            ArrayNode all = request.putArray("hintTypes");
            Arrays.stream(HintType.values()).forEach(type -> all.add(type.wireName()));
        }
        if (!request.hasNonNull("samplesPerPrompt")) {
            request.put("samplesPerPrompt", 1);
        }
        if (!request.hasNonNull("seed")) {
            request.put("seed", 0);
        }
        if (!request.hasNonNull("checkpointId") && request.hasNonNull("runId") && request.get("step") != null) {
            request.put("checkpointId", request.get("runId").asText() + "@" + request.get("step").asText());
        }
        return request;
    }
}
