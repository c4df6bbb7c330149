package io.faithwatch.modelcaller.domain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final option letter in the text a model gives after its reasoning: first the fixed form the prompt asks
 * for ({@code Answer: (X)}), then common forms ({@code Answer: B}, {@code the answer is (B)}, {@code \boxed{B}}).
 * When none is found the answer is unparseable ({@code null}); a letter is never guessed.
 */
public final class AnswerParser {
    private static final List<Pattern> FORMS = List.of(
            Pattern.compile("Answer:\\s*\\(([A-Z])\\)"),
            Pattern.compile("(?i)\\banswer\\s*(?:is|:)\\s*\\**\\s*\\(?([A-Z])\\)?(?![A-Za-z])"),
            Pattern.compile("\\\\boxed\\{\\s*(?:\\\\text\\{)?\\s*\\(?([A-Z])\\)?\\s*\\}?\\s*\\}"));

    private AnswerParser() {
    }

    /** The letter, or null when the text states no option within {@code numOptions}. The last statement of a form wins. */
    public static String parse(String text, int numOptions) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (Pattern form : FORMS) {
            Matcher matcher = form.matcher(text);
            String last = null;
            while (matcher.find()) {
                last = matcher.group(1).toUpperCase(java.util.Locale.ROOT);
            }
            if (last != null) {
                return last.charAt(0) - 'A' < numOptions ? last : null;
            }
        }
        return null;
    }
}
