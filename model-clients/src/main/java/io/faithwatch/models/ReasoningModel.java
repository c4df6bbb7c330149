package io.faithwatch.models;

import java.util.concurrent.CompletionStage;

/** A reasoning model reached through some provider. Failures complete the stage exceptionally. */
public interface ReasoningModel {
    CompletionStage<ModelReply> complete(ModelCall call);
}
