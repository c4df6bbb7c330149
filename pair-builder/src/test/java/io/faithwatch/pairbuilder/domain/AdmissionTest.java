package io.faithwatch.pairbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

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
}
