package io.faithwatch.pairbuilder;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.faithwatch.events.Topics;
import io.faithwatch.pairbuilder.domain.BankRoots;
import io.faithwatch.pairbuilder.domain.MmluBank;
import io.faithwatch.pairbuilder.domain.QuestionBank;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Figures for BENCHMARKS.md, not a test: run with
 * {@code ./mvnw -B -o -pl pair-builder test -Dtest=PairBuilderBenchmark -Dbench=true}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PairBuilderBenchmark {

    @Test
    void loadAndPublish() {
        var mmlu = RepoRoot.shared().resolve("datasets/mmlu/test");
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            QuestionBank bank = MmluBank.load(mmlu, BankRoots.of(RepoRoot.shared().resolve("datasets")));
            System.out.printf(Locale.ROOT, "BENCH mmlu load round %d: %d questions (+%d dev) in %.0f ms%n", round, bank.questions().size(),
                    bank.examples().size(), (System.nanoTime() - start) / 1e6);
        }
        TopicProbe topics = TopicProbe.shared();
        for (int questions : List.of(1000, 2000)) {
            String id = "bench-" + questions;
            long start = System.nanoTime();
            given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON).body("""
                    {"checkpointId": "%s", "runId": "bench", "step": 1, "model": {"provider": "sim", "model": "sim"},
                     "banks": ["mmlu:%s"], "samplePerBank": %d, "seed": 1}""".formatted(id, mmlu, questions))
                    .post("/api/checkpoints").then().statusCode(202);
            int pairs = questions * 6;
            topics.await(Topics.PAIRS, id + "/", pairs, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "BENCH checkpoint of %d questions x 6 hint types: %d pairs on the broker in %.2f s = %.0f pairs/s%n",
                    questions, pairs, seconds, pairs / seconds);
        }
    }
}
