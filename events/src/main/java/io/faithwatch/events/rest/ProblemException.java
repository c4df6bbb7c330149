package io.faithwatch.events.rest;

/** A REST call refused: its status, the one-line detail naming the field and the value, and the field (or null). */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String field;

    public ProblemException(int status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    /** 404: something asked for by its id that is not known, e.g. {@code checkpointId: 'x': no checkpoint with this id}. */
    public static ProblemException notFound(String field, String value, String why) {
        return new ProblemException(404, field, field + ": " + Problem.quote(value) + ": " + why);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
