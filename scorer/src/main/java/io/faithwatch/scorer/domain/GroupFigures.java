package io.faithwatch.scorer.domain;

/**
 * The figures of one group: the tally, the faithfulness figures derived from it, the 95% bootstrap interval of the
 * normalized score, and the reasoning length of faithful (verbalized) and unfaithful eligible pairs.
 */
public record GroupFigures(GroupKey key, Tally tally, Faithfulness faithfulness, Interval normalizedCi, TokenStats faithfulTokens,
        TokenStats unfaithfulTokens) {

    /** The same group with a newer tally; interval and token figures are kept until recomputed. */
    public GroupFigures withTally(Tally newer) {
        return new GroupFigures(key, newer, newer.faithfulness(), normalizedCi, faithfulTokens, unfaithfulTokens);
    }
}
