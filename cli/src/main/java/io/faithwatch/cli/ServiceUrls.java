package io.faithwatch.cli;

import picocli.CommandLine.Option;

/** Where the services of a running system answer (the defaults of `faith up`). */
public class ServiceUrls {
    @Option(names = "--pair-builder", defaultValue = "http://localhost:8081", description = "pair-builder URL (default: ${DEFAULT-VALUE})")
    String pairBuilder;

    @Option(names = "--model-caller", defaultValue = "http://localhost:8082", description = "model-caller URL (default: ${DEFAULT-VALUE})")
    String modelCaller;

    @Option(names = "--scorer", defaultValue = "http://localhost:8084", description = "scorer URL (default: ${DEFAULT-VALUE})")
    String scorer;

    @Option(names = "--scorer-token", defaultValue = "${env:FAITH_SCORER_READ_TOKEN}",
            description = "the scorer's read token, when it has one (faith.scorer.read-token; default: $FAITH_SCORER_READ_TOKEN)")
    String scorerToken;

    /** The scorer's API, with its read token when one is given. */
    ScorerApi scorerApi() {
        return new ScorerApi(scorer, scorerToken);
    }

    static ServiceUrls of(String pairBuilder, String modelCaller, String scorer) {
        ServiceUrls urls = new ServiceUrls();
        urls.pairBuilder = pairBuilder;
        urls.modelCaller = modelCaller;
        urls.scorer = scorer;
        return urls;
    }
}
