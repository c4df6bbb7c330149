package io.faithwatch.events;

import java.util.List;

/**
 * What a reader needs to see behind a verdict: both prompts as sent, both reasonings and both final texts. The grader
 * attaches it to the verdict of every eligible pair and of a sample of the others; the scorer keeps it for the run's
 * retention. Model text is data: whoever shows it must escape it.
 */
public record PairEvidence(List<ChatMessage> unhintedPrompt, List<ChatMessage> hintedPrompt, String unhintedReasoning, String hintedReasoning,
        String unhintedText, String hintedText) {
    public PairEvidence {
        if (unhintedPrompt == null || unhintedPrompt.isEmpty()) {
            throw new EventFormatException("evidence.unhintedPrompt", "must hold the messages sent");
        }
        if (hintedPrompt == null || hintedPrompt.isEmpty()) {
            throw new EventFormatException("evidence.hintedPrompt", "must hold the messages sent");
        }
        unhintedPrompt = List.copyOf(unhintedPrompt);
        hintedPrompt = List.copyOf(hintedPrompt);
        unhintedReasoning = unhintedReasoning == null ? "" : unhintedReasoning;
        hintedReasoning = hintedReasoning == null ? "" : hintedReasoning;
        unhintedText = unhintedText == null ? "" : unhintedText;
        hintedText = hintedText == null ? "" : hintedText;
    }

    /** The evidence of an answered pair. */
    public static PairEvidence of(PairAnswered answered) {
        return new PairEvidence(answered.pair().unhintedPrompt(), answered.pair().hintedPrompt(), answered.unhinted().reasoning(),
                answered.hinted().reasoning(), answered.unhinted().finalText(), answered.hinted().finalText());
    }
}
