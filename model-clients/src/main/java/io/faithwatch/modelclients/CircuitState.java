package io.faithwatch.modelclients;

/** The circuit of one endpoint: closed (calls flow), open (endpoint down, nothing sent), half-open (one probe in flight). */
public enum CircuitState {
    CLOSED,
    OPEN,
    HALF_OPEN
}
