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

    public String correctLetter() {
        return Letters.of(correctIndex);
    }

    public int numOptions() {
        return options.size();
    }
}
