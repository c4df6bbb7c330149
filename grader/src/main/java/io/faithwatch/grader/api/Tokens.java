package io.faithwatch.grader.api;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.faithwatch.events.rest.ApiTokens;
import io.faithwatch.grader.config.GraderConfig;

/** grader's tokens, for the token check every service shares (events' ApiTokenFilter): its api-token for every call that changes state, its read-token for reads. */
@Singleton
public class Tokens {
    @Produces
    @Singleton
    ApiTokens tokens(GraderConfig config) {
        return ApiTokens.of(config.apiToken(), config.readToken());
    }
}
