package io.faithwatch.scorer.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.Verdicts;
import io.faithwatch.scorer.metrics.FigureGauges;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.VerdictStore;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Prints the figures of BENCHMARKS.md ("## scorer"); runs only with -Dbench=true (benchmarks/scorer.sh). Real broker, real PostgreSQL, the
 * scorer in this JVM; all traffic stays on 127.0.0.1.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ScorerBenchmark {
    static final HintType[] TYPES = { HintType.SYCOPHANCY, HintType.CONSISTENCY, HintType.METADATA, HintType.GRADER_HACKING,
            HintType.UNETHICAL_INFORMATION };

    @Inject
    VerdictStore store;

    @Inject
    FigureGauges board;

    @Test
    void figures() {
        int streamed = Integer.getInteger("bench.verdicts", 10_000);
        throughput(streamed);
        scrapeAndRebuild("bench-10k", 10_000);
        scrapeAndRebuild("bench-1m", 1_000_000);
    }

    /** Verdicts produced to the broker up front, then timed from the first stored to the last scored. */
    void throughput(int n) {
        KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Verdict v = verdict(i, n);
            records.add(new ProducerRecord<>(Topics.VERDICTS, v.key(), Events.encode(v)));
        }
        kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofMinutes(5));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> scored("bench-stream") > 0);
        long start = System.nanoTime();
        long first = scored("bench-stream");
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "complete".equals(QuarkusTransaction.requiringNew().call(() -> {
                    CheckpointEntity c = CheckpointEntity.findById("bench-stream");
                    return c.status;
                })));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BENCH throughput: %d verdicts stored and scored from the broker in %.1f s: %.0f verdicts/s%n", n - first, seconds,
                (n - first) / seconds);
    }

    long scored(String checkpoint) {
        return QuarkusTransaction.requiringNew().call(() -> {
            CheckpointEntity c = CheckpointEntity.findById(checkpoint);
            return c == null ? 0L : c.scoredPairs;
        });
    }

    static Verdict verdict(int i, int planned) {
        HintType type = TYPES[i % TYPES.length];
        int r = (int) ((i * 2654435761L) % 100);
        Outcome outcome = r < 35 ? Outcome.SWITCHED_TO_HINT : r < 40 ? Outcome.SWITCHED_TO_OTHER : r < 90 ? Outcome.UNCHANGED
                : r < 97 ? Outcome.UNHINTED_ON_HINT : Outcome.UNPARSEABLE;
        boolean says = outcome == Outcome.SWITCHED_TO_HINT && i % 3 == 0;
        return Verdicts.of("bench-stream", "bench-stream", 1, "b", i / TYPES.length, type, outcome,
                outcome == Outcome.SWITCHED_TO_HINT ? says : null,
                outcome == Outcome.SWITCHED_TO_HINT ? new Judgement("rule", "1", says, says, says, "", null) : null, planned,
                1000 + (i * 31) % 2000, Instant.now());
    }

    /** Bulk-loads verdict rows in SQL, recounts their aggregates, then times the gauge rebuild and /q/metrics scrapes. */
    void scrapeAndRebuild(String checkpoint, int n) {
        long load = System.nanoTime();
        QuarkusTransaction.requiringNew().timeout(1800).run(() -> CheckpointEntity.getEntityManager().createNativeQuery("""
                insert into verdict (pair_id, checkpoint_id, run_id, step, question_id, dataset, subject, hint_type, category, arm,
                  hint_letter, correct_letter, num_options, unhinted_answer, hinted_answer, outcome, verbalized, unhinted_reasoning_tokens,
                  hinted_reasoning_tokens, graded_at, stored_at)
                select ?1 || '/' || i, ?1, ?1, 1, 'q' || (i / 5), 'mmlu', 'b', t.type, t.category, 'wrong_hint', 'C', 'A', 4,
                  case when o.outcome = 'unhinted_on_hint' then 'C' when o.outcome = 'unparseable' then null else 'A' end,
                  case o.outcome when 'switched_to_hint' then 'C' when 'unhinted_on_hint' then 'C' when 'switched_to_other' then 'B'
                    when 'unchanged' then 'A' end,
                  o.outcome, case when o.outcome = 'switched_to_hint' then i % 3 = 0 end, 900, 1000 + (i * 31) % 2000, now(), now()
                from generate_series(0, ?2 - 1) i
                cross join lateral (select (array['sycophancy','consistency','metadata','grader_hacking','unethical_information'])[i % 5 + 1] as type,
                  case when i % 5 >= 3 then 'misaligned' else 'neutral' end as category) t
                cross join lateral (select case when (i * 2654435761) % 100 < 35 then 'switched_to_hint'
                  when (i * 2654435761) % 100 < 40 then 'switched_to_other' when (i * 2654435761) % 100 < 90 then 'unchanged'
                  when (i * 2654435761) % 100 < 97 then 'unhinted_on_hint' else 'unparseable' end as outcome) o
                """).setParameter(1, checkpoint).setParameter(2, n).executeUpdate());
        double loadSeconds = (System.nanoTime() - load) / 1e9;
        long recount = System.nanoTime();
        store.recount(checkpoint);
        double recountSeconds = (System.nanoTime() - recount) / 1e9;
        long total = QuarkusTransaction.requiringNew().call(() -> ((Number) CheckpointEntity.getEntityManager()
                .createNativeQuery("select count(*) from verdict").getSingleResult()).longValue());
        double[] rebuild = new double[5];
        for (int i = 0; i < rebuild.length; i++) {
            long t = System.nanoTime();
            board.rebuild();
            rebuild[i] = (System.nanoTime() - t) / 1e6;
        }
        long refresh = System.nanoTime();
        board.refresh();
        double refreshSeconds = (System.nanoTime() - refresh) / 1e9;
        double[] scrape = new double[30];
        int lines = 0;
        for (int i = 0; i < scrape.length; i++) {
            long t = System.nanoTime();
            String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
            scrape[i] = (System.nanoTime() - t) / 1e6;
            lines = (int) body.lines().filter(l -> l.startsWith("faith_")).count();
        }
        Arrays.sort(rebuild);
        Arrays.sort(scrape);
        System.out.printf("BENCH %s: %d verdicts in the database (loaded %d in %.1f s, recounted in %.1f s)%n", checkpoint, total, n,
                loadSeconds, recountSeconds);
        System.out.printf("BENCH %s: gauge rebuild from the database median %.1f ms (min %.1f, max %.1f); full refresh with"
                + " bootstrap intervals and rolling windows %.2f s%n", checkpoint, rebuild[2], rebuild[0], rebuild[4], refreshSeconds);
        System.out.printf("BENCH %s: /q/metrics scrape median %.1f ms, p90 %.1f ms, %d faith_ samples%n", checkpoint, scrape[15], scrape[27],
                lines);
    }
}
