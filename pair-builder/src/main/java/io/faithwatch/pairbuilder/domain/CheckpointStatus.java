package io.faithwatch.pairbuilder.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.JudgeDefinition;

/**
 * What pair-builder knows of a checkpoint: its content (as a hash, to tell a re-submission from a conflicting one),
 * how many pairs it plans and has published, and where it stands.
 */
public record CheckpointStatus(String checkpointId, String runId, long step, String contentHash, int plannedPairs, int publishedPairs,
        State state, String error, Instant updatedAt) {

    public enum State {
        /** On the checkpoints topic, its pairs not all published yet (recorded by the intake when it takes the checkpoint). */
        ACCEPTED,
        /** Every pair is on the broker. */
        PUBLISHED,
        /** Could not be planned; nothing was published. */
        FAILED
    }

    /**
     * The content of a request, without the moment it was made: equal for a re-submission of the same checkpoint. The
     * paper's judge definition, the default, is left out so that requests recorded before the field existed keep their hash.
     */
    public static String contentHash(CheckpointRequested request) {
        CheckpointRequested timeless = new CheckpointRequested(request.schemaVersion(), request.checkpointId(), request.runId(),
                request.step(), request.model(), request.banks(), request.samplePerBank(), request.hintTypes(), request.arms(),
                new java.util.TreeMap<>(request.hintVariants()), request.samplesPerPrompt(), request.seed(), Instant.EPOCH,
                request.judgeDefinition());
        ObjectNode content = Events.mapper().valueToTree(timeless);
        if (request.judgeDefinition() == JudgeDefinition.DEFAULT) {
            content.remove("judgeDefinition");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Events.encode(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CheckpointStatus of(CheckpointRequested request, int planned, int published, State state, String error, Instant now) {
        return new CheckpointStatus(request.checkpointId(), request.runId(), request.step(), contentHash(request), planned, published, state,
                error, now);
    }
}
