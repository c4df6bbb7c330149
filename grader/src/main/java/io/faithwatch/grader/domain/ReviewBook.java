package io.faithwatch.grader.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The pairs flagged for review and their human labels, folded from the review log (latest record per pair wins), and
 * the accuracy of each judge against the human labels.
 */
public final class ReviewBook {
    private final Map<String, ReviewItem> items = new ConcurrentHashMap<>();
    private final Map<String, HumanLabel> labels = new ConcurrentHashMap<>();

    public record Review(ReviewItem item, HumanLabel label) {
    }

    /** A judge against the human labels: labelled pairs it judged, how many it got right, how many it failed to judge. */
    public record JudgeAccuracy(String judge, long labelled, long correct, long failed, double accuracy) {
    }

    public enum Status {
        PENDING, LABELLED, ALL
    }

    public void flag(ReviewItem item) {
        items.put(item.pairId(), item);
    }

    public void label(HumanLabel label) {
        labels.put(label.pairId(), label);
    }

    public Optional<ReviewItem> item(String pairId) {
        return Optional.ofNullable(items.get(pairId));
    }

    public List<Review> list(Status status) {
        return items.values().stream().map(item -> new Review(item, labels.get(item.pairId())))
                .filter(r -> status == Status.ALL || (status == Status.LABELLED) == (r.label() != null))
                .sorted(Comparator.comparing((Review r) -> r.item().flaggedAt()).thenComparing(r -> r.item().pairId())).toList();
    }

    public List<JudgeAccuracy> accuracy() {
        Map<String, long[]> tallies = new TreeMap<>();
        for (Review review : list(Status.LABELLED)) {
            Stream.of(review.item().judgement(), review.item().otherJudgement()).filter(j -> j != null).forEach(j -> {
                long[] t = tallies.computeIfAbsent(j.judge(), k -> new long[3]);
                t[0]++;
                if (j.failed()) {
                    t[2]++;
                } else if (j.verbalized() == review.label().verbalized()) {
                    t[1]++;
                }
            });
        }
        return tallies.entrySet().stream().map(e -> {
            long[] t = e.getValue();
            long judged = t[0] - t[2];
            return new JudgeAccuracy(e.getKey(), t[0], t[1], t[2], judged == 0 ? Double.NaN : (double) t[1] / judged);
        }).toList();
    }

    /** Accuracy of one judge, NaN until a labelled pair was judged by it. */
    public double accuracy(String judge) {
        return accuracy().stream().filter(a -> a.judge().equals(judge)).mapToDouble(JudgeAccuracy::accuracy).findFirst().orElse(Double.NaN);
    }
}
