package io.faithwatch.modelclients;

import java.util.concurrent.CompletionStage;

/** A reasoning model reached through some provider. Failures complete the stage exceptionally. */
public interface ReasoningModel {
    CompletionStage<Completion> complete(ModelCall call);
}
