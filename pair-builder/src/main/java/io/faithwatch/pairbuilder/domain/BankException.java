package io.faithwatch.pairbuilder.domain;

/** A question bank that cannot be used: the message names the bank, and the file and line of a bad row. */
public class BankException extends RuntimeException {
    public BankException(String message) {
        super(message);
    }

    public BankException(String message, Throwable cause) {
        super(message, cause);
    }
}
