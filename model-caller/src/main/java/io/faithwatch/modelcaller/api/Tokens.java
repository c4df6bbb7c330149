package io.faithwatch.modelcaller.api;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.faithwatch.events.rest.ApiTokens;
import io.faithwatch.modelcaller.config.ModelCallerConfig;

/** model-caller's tokens, for the token check every service shares (events' ApiTokenFilter): no call changes state, so only a read-token: for reads and, should a call that changes state be added, for it too. */
@Singleton
public class Tokens {
    @Produces
    @Singleton
    ApiTokens tokens(ModelCallerConfig config) {
        return ApiTokens.of(Optional.empty(), config.readToken());
    }
}
