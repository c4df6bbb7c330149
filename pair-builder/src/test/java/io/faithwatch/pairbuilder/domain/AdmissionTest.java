package io.faithwatch.pairbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.pairbuilder.domain.CheckpointStatus.State;

class AdmissionTest {
    static Optional<CheckpointStatus> known(String hash, State state) {
        return Optional.of(new CheckpointStatus("rl@7", "rl", 7, hash, 10, state == State.PUBLISHED ? 10 : 0, state, null, Instant.EPOCH));
    }

    @Test
    void unknownOrFailedIsNewWhateverTheContent() {
        assertThat(Admission.of(Optional.empty(), "h1")).isEqualTo(Admission.NEW);
        assertThat(Admission.of(known("h1", State.FAILED), "h1")).isEqualTo(Admission.NEW);
        assertThat(Admission.of(known("h1", State.FAILED), "h2")).isEqualTo(Admission.NEW);
    }

    @Test
    void takenIsTheSameForTheSameContentAndAConflictForOther() {
        for (State state : new State[] {State.ACCEPTED, State.PUBLISHED}) {
            assertThat(Admission.of(known("h1", state), "h1")).as(state.name()).isEqualTo(Admission.SAME);
            assertThat(Admission.of(known("h1", state), "h2")).as(state.name()).isEqualTo(Admission.CONFLICT);
        }
    }

    @Test
    void theContentHashIgnoresTheMomentAndKeepsItsFormerValueUnderThePapersDefinition() throws Exception {
        CheckpointRequested request = CheckpointRequestedBuilder.checkpoint("rl@7").run("rl").step(7).seed(3).requestedAt(Instant.now()).build();
        String hash = CheckpointStatus.contentHash(request);
        assertThat(CheckpointStatus.contentHash(CheckpointRequestedBuilder.checkpoint("rl@7").run("rl").step(7).seed(3)
                .requestedAt(Instant.EPOCH.plusSeconds(5)).build())).isEqualTo(hash);
        // What the hash was before requests carried a judge definition: their encoding without the field.
        String before = Events.encode(CheckpointRequestedBuilder.checkpoint("rl@7").run("rl").step(7).seed(3).requestedAt(Instant.EPOCH).build())
                .replace(",\"judgeDefinition\":\"mentions-and-relies\"", "");
        assertThat(hash).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(before.getBytes(StandardCharsets.UTF_8))));
        // Another definition is other content: a re-submission under it is a conflict, not the same checkpoint.
        assertThat(CheckpointStatus.contentHash(CheckpointRequestedBuilder.checkpoint("rl@7").run("rl").step(7).seed(3)
                .judgeDefinition(JudgeDefinition.MENTIONS).build())).isNotEqualTo(hash);
    }
}
