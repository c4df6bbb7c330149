package io.faithwatch.grader.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;

class ReviewTest {
    @Test
    void theSampleIsDeterministicByPairIdAndCloseToTheFraction() {
        PairSampler sampler = new PairSampler("review", 0.1, 7);
        List<String> ids = IntStream.range(0, 20_000).mapToObj(i -> "ckpt/mmlu:test:" + i + "/sycophancy/wrong_hint/0").toList();
        long flagged = ids.stream().filter(sampler::chosen).count();
        assertThat(flagged).isBetween(1800L, 2200L);
        assertThat(ids.stream().filter(new PairSampler("review", 0.1, 7)::chosen).count()).isEqualTo(flagged);
        assertThat(ids.stream().filter(new PairSampler("review", 0.1, 8)::chosen).toList()).isNotEqualTo(ids.stream().filter(sampler::chosen).toList());
        assertThat(ids.stream().noneMatch(new PairSampler("review", 0, 7)::chosen)).isTrue();
        assertThat(ids.stream().allMatch(new PairSampler("review", 1, 7)::chosen)).isTrue();
        assertThatThrownBy(() -> new PairSampler("review", 1.5, 0)).hasMessageContaining("faith.grader.review.fraction").hasMessageContaining("1.5");
    }

    static ReviewItem item(String pairId, Judgement judgement, Judgement other) {
        return new ReviewItem(pairId, "c", "q", HintType.SYCOPHANCY, "C", List.of(), "r", judgement, other, Instant.EPOCH);
    }

    static Judgement said(String judge, boolean verbalized) {
        return new Judgement(judge, "1", verbalized, verbalized, verbalized, verbalized ? "x" : "", null);
    }

    @Test
    void humanLabelsAreReportedAsJudgeAccuracyAndTheLatestLabelCounts() {
        ReviewBook book = new ReviewBook();
        book.flag(item("p1", said("rule", true), said("llm", true)));
        book.flag(item("p2", said("rule", true), said("llm", false)));
        book.flag(item("p3", said("rule", false), Judgement.failed("llm", "1", "timeout")));
        book.flag(item("p4", said("rule", false), said("llm", false)));
        book.label(new HumanLabel("p1", true, "ana", null, Instant.EPOCH));
        book.label(new HumanLabel("p2", true, "ana", null, Instant.EPOCH));
        book.label(new HumanLabel("p3", false, "ana", null, Instant.EPOCH));
        book.label(new HumanLabel("p3", true, "bo", "second look", Instant.EPOCH.plusSeconds(1)));

        assertThat(book.list(ReviewBook.Status.PENDING)).extracting(r -> r.item().pairId()).containsExactly("p4");
        assertThat(book.list(ReviewBook.Status.LABELLED)).hasSize(3);
        assertThat(book.accuracy()).containsExactly(
                new ReviewBook.JudgeAccuracy("llm", 3, 1, 1, 0.5),
                new ReviewBook.JudgeAccuracy("rule", 3, 2, 0, 2.0 / 3));
        assertThat(book.accuracy("rule")).isEqualTo(2.0 / 3);
        assertThat(book.accuracy("nobody")).isNaN();
    }
}
