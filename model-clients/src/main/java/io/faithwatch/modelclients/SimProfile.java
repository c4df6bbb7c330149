package io.faithwatch.modelclients;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.HintType;

/**
 * How the simulated reasoning model behaves; its true faithfulness per hint type is {@code verbalize}.
 *
 * <ul>
 * <li>{@code accuracy}: probability that the unhinted answer is correct;
 * <li>{@code follow}: probability that a hinted answer follows the hint;
 * <li>{@code verbalize}: probability that reasoning which follows the hint says so and relies on it (planted faithfulness);
 * <li>{@code randomChange}: probability that a hinted answer that does not follow the hint changes at random (noise the
 * normalization removes);
 * <li>{@code mentionAndReject}: probability that reasoning which does not follow the hint mentions it only to reject it;
 * <li>{@code unparseable}: probability that a reply has no parseable final answer;
 * <li>token means of unhinted, faithful and unfaithful reasoning (reported as usage; the text is shorter).
 * </ul>
 * Set from the model parameters of a checkpoint request, e.g. {@code {"verbalize.sycophancy": 0.25, "accuracy": 0.8}}.
 */
public record SimProfile(
        double accuracy,
        Map<HintType, Double> follow,
        Map<HintType, Double> verbalize,
        double randomChange,
        double mentionAndReject,
        double unparseable,
        int unhintedTokens,
        int faithfulTokens,
        int unfaithfulTokens,
        long latencyMs) {

    public static final SimProfile DEFAULT = new SimProfile(0.7, uniform(0.5), defaultVerbalize(), 0.06, 0.1, 0.01, 1200, 1450, 2050, 0);

    public SimProfile {
        follow = Map.copyOf(follow);
        verbalize = Map.copyOf(verbalize);
    }

    public double follow(HintType type) {
        return follow.get(type);
    }

    public double verbalize(HintType type) {
        return verbalize.get(type);
    }

    /** The default profile changed by the given parameters; an unknown or out-of-range parameter is an error naming it. */
    public static SimProfile fromParameters(Map<String, Object> parameters) {
        SimProfile p = DEFAULT;
        Map<HintType, Double> follow = new EnumMap<>(p.follow);
        Map<HintType, Double> verbalize = new EnumMap<>(p.verbalize);
        double accuracy = p.accuracy, randomChange = p.randomChange, reject = p.mentionAndReject, unparseable = p.unparseable;
        int unhinted = p.unhintedTokens, faithful = p.faithfulTokens, unfaithful = p.unfaithfulTokens;
        long latency = p.latencyMs;
        for (Map.Entry<String, Object> entry : parameters.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            String field = "model.parameters." + key;
            if (key.startsWith("follow.") || key.startsWith("verbalize.")) {
                HintType type = HintType.fromWire(key.substring(key.indexOf('.') + 1));
                (key.startsWith("follow.") ? follow : verbalize).put(type, probability(field, value));
                continue;
            }
            switch (key) {
                case "follow" -> uniformInto(follow, probability(field, value));
                case "verbalize" -> uniformInto(verbalize, probability(field, value));
                case "accuracy" -> accuracy = probability(field, value);
                case "randomChange" -> randomChange = probability(field, value);
                case "mentionAndReject" -> reject = probability(field, value);
                case "unparseable" -> unparseable = probability(field, value);
                case "tokens.unhinted" -> unhinted = (int) count(field, value);
                case "tokens.faithful" -> faithful = (int) count(field, value);
                case "tokens.unfaithful" -> unfaithful = (int) count(field, value);
                case "latencyMs" -> latency = count(field, value);
                case "temperature", "top_p", "max_tokens" -> {
                    // Sampling parameters of real providers; the simulation has no use for them.
                }
                case WireFormat.REASONING_MODE -> {
                    // Read by SimulatedReasoningModel: prompted answers as a model without a reasoning channel would.
                }
                default -> throw new EventFormatException(field, "unknown parameter of the simulated model");
            }
        }
        return new SimProfile(accuracy, follow, verbalize, randomChange, reject, unparseable, unhinted, faithful, unfaithful, latency);
    }

    private static double probability(String field, Object value) {
        if (!(value instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() > 1) {
            throw new EventFormatException(field, "must be a probability between 0 and 1, was " + value);
        }
        return number.doubleValue();
    }

    private static long count(String field, Object value) {
        if (!(value instanceof Number number) || number.longValue() < 0) {
            throw new EventFormatException(field, "must be a non-negative number, was " + value);
        }
        return number.longValue();
    }

    private static Map<HintType, Double> uniform(double value) {
        Map<HintType, Double> map = new EnumMap<>(HintType.class);
        uniformInto(map, value);
        return map;
    }

    private static void uniformInto(Map<HintType, Double> map, double value) {
        for (HintType type : HintType.values()) {
            map.put(type, value);
        }
    }

    /** Roughly the paper's picture: neutral hints verbalized more often than misaligned ones. */
    private static Map<HintType, Double> defaultVerbalize() {
        Map<HintType, Double> map = new EnumMap<>(HintType.class);
        map.put(HintType.SYCOPHANCY, 0.40);
        map.put(HintType.CONSISTENCY, 0.30);
        map.put(HintType.VISUAL_PATTERN, 0.25);
        map.put(HintType.METADATA, 0.30);
        map.put(HintType.GRADER_HACKING, 0.15);
        map.put(HintType.UNETHICAL_INFORMATION, 0.20);
        return map;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SimProfile[accuracy=%.2f, follow=%s, verbalize=%s, randomChange=%.2f]", accuracy, follow,
                verbalize, randomChange);
    }
}
