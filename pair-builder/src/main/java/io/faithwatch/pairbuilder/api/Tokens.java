package io.faithwatch.pairbuilder.api;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.faithwatch.events.rest.ApiTokens;
import io.faithwatch.pairbuilder.config.PairBuilderConfig;

/** pair-builder's tokens, for the token check every service shares (events' ApiTokenFilter): its api-token for every call that changes state, its read-token for reads. */
@Singleton
public class Tokens {
    @Produces
    @Singleton
    ApiTokens tokens(PairBuilderConfig config) {
        return ApiTokens.of(config.apiToken(), config.readToken());
    }
}
