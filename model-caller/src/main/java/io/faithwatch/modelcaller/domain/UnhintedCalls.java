package io.faithwatch.modelcaller.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.faithwatch.events.Events;
import io.faithwatch.events.PairCreated;
import io.faithwatch.modelclients.Completion;

/**
 * Shares the unhinted call of a question between the hint types whose x_u is identical, in flight as well as done:
 * the second pair to ask waits for the first call instead of making its own. A failed call is not kept, so a
 * redelivered pair tries again. Only pairs of the same question share: banks hold the same question twice under two
 * ids (MMLU has 105 such prompts), and each must keep its own answer whatever order the pairs arrive in.
 */
public final class UnhintedCalls {
    private final AsyncCache<String, Completion> cache;

    public UnhintedCalls(long maximumSize, Duration keepFor) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(keepFor).buildAsync();
    }

    /** The reply for the pair's x_u, calling the model only if no identical call is in flight or done. */
    public Shared get(PairCreated pair, Supplier<CompletableFuture<Completion>> call) {
        boolean[] called = {false};
        CompletableFuture<Completion> reply = cache.get(key(pair), (key, executor) -> {
            called[0] = true;
            return call.get();
        });
        return new Shared(reply, !called[0]);
    }

    /** A reply and whether it was shared with an earlier call. */
    public record Shared(CompletableFuture<Completion> reply, boolean shared) {
    }

    /** Same checkpoint (so same model), same question, same sample, same messages: the same call. */
    static String key(PairCreated pair) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Events.encode(pair.unhintedPrompt()).getBytes(StandardCharsets.UTF_8));
            return pair.checkpointId() + "|" + pair.questionId() + "|" + pair.sample() + "|" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
