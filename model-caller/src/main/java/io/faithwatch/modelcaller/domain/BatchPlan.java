package io.faithwatch.modelcaller.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.modelclients.ModelBatches;
import io.faithwatch.modelclients.ModelCall;

/**
 * The calls of a batch of pairs (all of one model) and the pairs' responses from its results. Both calls of a pair go in
 * the same batch (leaving out the hinted call when a_u = h would take a second batch round of up to a day); an unhinted
 * prompt shared by the hint types of a question is asked once, and the first of its pairs carries the call, as when
 * calls are made one by one. Custom ids are derived from the pairs, so the same pairs always give the same batch and a
 * restarted instance reads the results of a batch it submitted before.
 */
public final class BatchPlan {
    /** Both batch APIs charge batched requests half the price of single ones. */
    public static final double BATCH_PRICE_FACTOR = 0.5;

    private BatchPlan() {
    }

    /** The custom id of a pair's hinted call. */
    public static String hintedId(PairCreated pair) {
        return "h-" + digest(pair.pairId());
    }

    /** The custom id of a pair's unhinted call: the same for the pairs that share it one by one ({@link UnhintedCalls#key}). */
    public static String unhintedId(PairCreated pair) {
        return "u-" + digest(UnhintedCalls.key(pair));
    }

    /** The calls to submit for {@code pairs}, by custom id, in the pairs' order. */
    public static Map<String, ModelCall> calls(List<PairCreated> pairs) {
        Map<String, ModelCall> calls = new LinkedHashMap<>();
        for (PairCreated pair : pairs) {
            calls.putIfAbsent(unhintedId(pair), PairAnswerer.unhintedCall(pair));
            calls.put(hintedId(pair), PairAnswerer.hintedCall(pair));
        }
        return calls;
    }

    /** The responses of {@code pairs} from the results of their ended batch ({@link ModelBatches.State#resultOf}). */
    public static List<PairAnswered> answers(List<PairCreated> pairs, Function<String, ModelBatches.Result> results, Prices prices, Clock clock) {
        Set<String> asked = new HashSet<>();
        List<PairAnswered> answers = new ArrayList<>();
        for (PairCreated pair : pairs) {
            boolean shared = !asked.add(unhintedId(pair));
            ModelResponse unhinted = response(results.apply(unhintedId(pair)), pair, shared, prices);
            ModelResponse hinted = response(results.apply(hintedId(pair)), pair, false, prices);
            answers.add(new PairAnswered(Events.SCHEMA_VERSION, pair, unhinted, hinted, shared, clock.instant()));
        }
        return answers;
    }

    /** Every pair's response is the same failure: the batch could not be made or read. */
    public static List<PairAnswered> failed(List<PairCreated> pairs, RuntimeException failure, Clock clock) {
        return pairs.stream().map(pair -> new PairAnswered(Events.SCHEMA_VERSION, pair, Responses.failed(failure, false),
                Responses.failed(failure, false), false, clock.instant())).toList();
    }

    private static ModelResponse response(ModelBatches.Result result, PairCreated pair, boolean shared, Prices prices) {
        return result.failed() ? Responses.failed(result.error(), shared)
                : Responses.answered(result.completion(), pair, shared, prices, BATCH_PRICE_FACTOR);
    }

    /** 40 hex digits: custom ids stay within the 64 characters both APIs accept. */
    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
