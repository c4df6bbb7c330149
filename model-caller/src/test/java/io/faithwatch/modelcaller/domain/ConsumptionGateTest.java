package io.faithwatch.modelcaller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.faithwatch.models.CircuitState;

class ConsumptionGateTest {
    @Test
    void pairsWaitWhileAnyEndpointIsDownAndFlowWhenAllAreBackOrProbing() {
        ConsumptionGate gate = new ConsumptionGate();
        assertThat(gate.whenFlowing().toCompletableFuture()).isDone();

        gate.circuitChanged("http://a", CircuitState.OPEN);
        gate.circuitChanged("http://b", CircuitState.OPEN);
        CompletableFuture<Void> waiting = gate.whenFlowing().toCompletableFuture();
        assertThat(gate.paused()).isTrue();
        assertThat(waiting).isNotDone();

        gate.circuitChanged("http://a", CircuitState.HALF_OPEN);
        assertThat(waiting).isNotDone();
        assertThat(gate.downEndpoints()).containsExactly("http://b");

        gate.circuitChanged("http://b", CircuitState.CLOSED);
        assertThat(waiting).isDone();
        assertThat(gate.paused()).isFalse();
        assertThat(gate.whenFlowing().toCompletableFuture()).isDone();
    }
}
