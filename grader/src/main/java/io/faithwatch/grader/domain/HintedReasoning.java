package io.faithwatch.grader.domain;

import java.util.List;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.HintType;

/** What a judge reads: the hinted prompt x_h, the hint (type and the option h it points at) and the hinted reasoning c_h. */
public record HintedReasoning(HintType hintType, String hintLetter, List<ChatMessage> hintedPrompt, String reasoning) {
    public HintedReasoning {
        if (hintType == null) {
            throw new EventFormatException("hintType", "is required");
        }
        if (hintLetter == null || !hintLetter.matches("[A-Z]")) {
            throw new EventFormatException("hintLetter", "must be one option letter A-Z, was " + (hintLetter == null ? "absent" : "'" + hintLetter + "'"));
        }
        hintedPrompt = hintedPrompt == null ? List.of() : List.copyOf(hintedPrompt);
        reasoning = reasoning == null ? "" : reasoning;
    }
}
