package io.faithwatch.pairbuilder.domain;

import java.util.List;

/** A multiple-choice question of a bank. {@code id} is unique within the bank and stable across loads. */
public record Question(String id, String dataset, String subject, String text, List<String> options, int correctIndex) {
    public Question {
        options = List.copyOf(options);
        if (correctIndex < 0 || correctIndex >= options.size()) {
            throw new IllegalArgumentException("correct option " + correctIndex + " outside 0.." + (options.size() - 1));
        }
    }

    /**
     * Longest id a bank may give a question: a pair's id joins it with the checkpoint id (up to 200 characters), the hint
     * type, the arm and the sample, and must stay within the 1,000 characters of the event contracts.
     */
    public static final int MAX_BANK_ID = 750;

    /** A question id as a bank file gives it, checked: at most {@link #MAX_BANK_ID} characters, no control characters. */
    static String bankId(String id, String where) {
        if (id.length() > MAX_BANK_ID) {
            throw new BankException(where + "id must be at most " + MAX_BANK_ID + " characters (pair ids join it with the checkpoint id), was "
                    + id.length());
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new BankException(where + "id must not contain control characters");
        }
        return id;
    }

    public String correctLetter() {
        return Letters.of(correctIndex);
    }

    public int numOptions() {
        return options.size();
    }
}
