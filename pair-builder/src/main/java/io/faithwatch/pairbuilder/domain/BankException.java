package io.faithwatch.pairbuilder.domain;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import org.apache.commons.csv.CSVException;

/**
 * A question bank that cannot be used: the message names the bank, and the file and line of a bad row, never the
 * row's content; {@link #field()} is the request's field ({@code banks[0]}) once known.
 */
public class BankException extends RuntimeException {
    private final String field;

    public BankException(String message) {
        this(null, message, null);
    }

    public BankException(String message, Throwable cause) {
        this(null, message, cause);
    }

    private BankException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The same failure, of the request's field: {@code banks[0]: <message>}. */
    public BankException of(String field) {
        return new BankException(field, field + ": " + getMessage(), this);
    }

    /** The request's field, or null. */
    public String field() {
        return field;
    }

    /**
     * A file that cannot be read as a bank: not CSV at {@code line} (0: not known), not UTF-8, or not readable at all;
     * said in a few words. Neither the exception's message nor the exception is kept: a parser's message can quote the file.
     */
    static BankException unreadable(Path file, long line, Throwable e) {
        String where = line > 0 ? file + ":" + line + ": " : file + ": ";
        if (e instanceof CSVException) {
            return new BankException(where + "not valid CSV (a quoted field is not closed, or text follows its closing quote)");
        }
        if (e instanceof CharacterCodingException) {
            // Decoded ahead of the parser, a block at a time: the line is not known.
            return new BankException(file + ": not UTF-8 text");
        }
        return new BankException(file + ": cannot read" + (e instanceof AccessDeniedException ? ": permission denied"
                : " (" + (e instanceof IOException ? e.getClass().getSimpleName() : "I/O error") + ")"));
    }
}
