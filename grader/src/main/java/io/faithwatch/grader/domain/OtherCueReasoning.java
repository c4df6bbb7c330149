package io.faithwatch.grader.domain;

import io.faithwatch.events.EventFormatException;

/**
 * What a judge reads of a training rollout whose cue is none of the six hint types (cue type {@code other}): the
 * trainer's description of the exploit, the cue as the prompt showed it, the answer it rewards when there is one, the
 * prompt and the reasoning. Only a judge that reads a description (an LLM judge) can judge it.
 */
public record OtherCueReasoning(String description, String cue, String rewardedAnswer, String prompt, String reasoning) {
    public OtherCueReasoning {
        if (description == null || description.isBlank()) {
            throw new EventFormatException("cueDescription", "is required for cue type other");
        }
        cue = cue == null ? "" : cue;
        prompt = prompt == null ? "" : prompt;
        reasoning = reasoning == null ? "" : reasoning;
    }
}
