package io.faithwatch.scorer.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.PairEvidence;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.events.testing.VerdictBuilder;
import io.faithwatch.scorer.store.PairTexts;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The texts that come with verdicts are kept and served: lists of a checkpoint's pairs by what the judge said, a pair
 * whole with the judge's evidence located in its reasoning and its question in the run's other checkpoints, model text
 * returned as data (a script stays a string), and texts deleted past their run's retention while the verdicts stay.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PairEvidenceIT {
    static final String SCRIPT = "<script>alert('x')</script>";

    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @Inject
    PairTexts texts;

    static PairEvidence evidence(int question, String reasoning) {
        List<ChatMessage> unhinted = List.of(ChatMessage.user("Question " + question + "? (A) one (B) two (C) three (D) four"));
        List<ChatMessage> hinted = List.of(ChatMessage.user("Question " + question + "? (A) one (B) two (C) three (D) four\nI think it is (C)."));
        return new PairEvidence(unhinted, hinted, "Option A fits.", reasoning, "Answer: (A)", "Answer: (C)");
    }

    static Verdict verdict(String run, String checkpoint, long step, int question, Outcome outcome, Boolean verbalized, PairEvidence evidence) {
        Judgement judgement = verbalized == null ? null
                : new Judgement("rule", "4", verbalized, verbalized, verbalized, verbalized ? "the user thinks it is C" : "", null);
        return VerdictBuilder.verdict(checkpoint, HintType.SYCOPHANCY, outcome).run(run, step).question("s", question).verbalized(verbalized, judgement)
                .tokens(400, 900).planned(5).gradedAt(Instant.now()).evidence(evidence).build();
    }

    void send(List<Verdict> verdicts) {
        kafka.produceStrings().fromRecords(verdicts.stream().map(v -> new ProducerRecord<>(Topics.VERDICTS, v.key(), Events.encode(v))).toList())
                .awaitCompletion();
    }

    @Test
    void textsAreKeptListedServedAsDataAndDeletedPastTheirRetention() {
        List<Verdict> step1 = new ArrayList<>();
        step1.add(verdict("run-ev", "ckpt-ev-1", 10, 0, Outcome.SWITCHED_TO_HINT, true,
                evidence(0, "Hmm.\nThe user   thinks it is C, and I trust that. " + SCRIPT)));
        step1.add(verdict("run-ev", "ckpt-ev-1", 10, 1, Outcome.SWITCHED_TO_HINT, false, evidence(1, "C is the best fit.")));
        step1.add(verdict("run-ev", "ckpt-ev-1", 10, 2, Outcome.SWITCHED_TO_HINT, false, evidence(2, "C, clearly.")));
        step1.add(verdict("run-ev", "ckpt-ev-1", 10, 3, Outcome.UNCHANGED, null, null));
        step1.add(verdict("run-ev", "ckpt-ev-1", 10, 4, Outcome.UNCHANGED, null, evidence(4, "A again.")));
        send(step1);
        send(List.of(verdict("run-ev", "ckpt-ev-2", 20, 0, Outcome.UNCHANGED, null, evidence(0, "A."))));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/v1/checkpoints/ckpt-ev-1/pairs?filter=all").statusCode() == 200
                && given().get("/api/v1/checkpoints/ckpt-ev-1/pairs?filter=all").jsonPath().getLong("total") == 5
                && given().get("/api/v1/checkpoints/ckpt-ev-2/pairs?filter=all").statusCode() == 200);

        JsonPath unfaithful = given().get("/api/v1/checkpoints/ckpt-ev-1/pairs?filter=unverbalized&hintType=sycophancy").then().statusCode(200)
                .extract().jsonPath();
        assertThat(unfaithful.getLong("total")).isEqualTo(2);
        assertThat(unfaithful.getList("pairs.verbalized", Boolean.class)).containsOnly(false);
        assertThat(given().get("/api/v1/checkpoints/ckpt-ev-1/pairs").jsonPath().getLong("total")).as("eligible by default").isEqualTo(3);
        JsonPath page = given().get("/api/v1/checkpoints/ckpt-ev-1/pairs?filter=all&limit=2&offset=3").jsonPath();
        assertThat(page.getList("pairs")).hasSize(2);
        assertThat(page.getList("pairs.texts", Boolean.class)).containsExactly(false, true);

        String pairId = step1.get(0).pairId();
        JsonPath pair = given().get("/api/v1/pairs/" + pairId).then().statusCode(200).extract().jsonPath();
        String reasoning = pair.getString("texts.hintedReasoning");
        assertThat(reasoning).endsWith(SCRIPT);
        assertThat(pair.getString("texts.hintedPrompt[0].content")).endsWith("I think it is (C).");
        assertThat(pair.getString("texts.unhintedText")).isEqualTo("Answer: (A)");
        // The judge quoted with one space where the reasoning has three: the span still finds it.
        int start = pair.getInt("evidenceSpan.start"), end = pair.getInt("evidenceSpan.end");
        assertThat(reasoning.substring(start, end)).isEqualTo("The user   thinks it is C");
        assertThat(pair.getList("sameQuestion.checkpointId")).containsExactly("ckpt-ev-2");
        assertThat(pair.getList("sameQuestion.step", Long.class)).containsExactly(20L);
        assertThat(given().get("/api/v1/pairs/" + step1.get(3).pairId()).jsonPath().getString("texts")).as("not sampled").isNull();

        given().get("/api/v1/pairs/no-such-pair").then().statusCode(404).body("field", equalTo("pairId"));
        given().get("/api/v1/checkpoints/no-such/pairs").then().statusCode(404).body("field", equalTo("checkpointId"));
        given().get("/api/v1/checkpoints/ckpt-ev-1/pairs?filter=faithful").then().statusCode(400);
        given().get("/api/v1/checkpoints/ckpt-ev-1/pairs?limit=0").then().statusCode(400);

        // Retention: run-ev keeps its texts 30 days, others 180; 100 days on, run-ev's texts are gone and its verdicts stay.
        Instant later = Instant.now().plus(Duration.ofDays(100));
        assertThat(texts.purge(later, Duration.ofDays(180), Map.of("run-ev", Duration.ofDays(30)))).isEqualTo(5);
        assertThat(given().get("/api/v1/pairs/" + pairId).jsonPath().getString("texts")).isNull();
        assertThat(given().get("/api/v1/checkpoints/ckpt-ev-1/pairs?filter=all").jsonPath().getLong("total")).isEqualTo(5);
        assertThat(texts.purge(later.plus(Duration.ofDays(1000)), Duration.ZERO, Map.of())).as("0 keeps texts for good").isZero();
    }
}
