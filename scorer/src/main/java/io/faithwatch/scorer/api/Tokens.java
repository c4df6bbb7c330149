package io.faithwatch.scorer.api;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.faithwatch.events.rest.ApiTokens;
import io.faithwatch.scorer.config.ScorerConfig;

/** scorer's tokens, for the token check every service shares (events' ApiTokenFilter): no call changes state, so only a read-token: for reads and, should a call that changes state be added, for it too. */
@Singleton
public class Tokens {
    @Produces
    @Singleton
    ApiTokens tokens(ScorerConfig config) {
        return ApiTokens.of(Optional.empty(), config.readToken());
    }
}
