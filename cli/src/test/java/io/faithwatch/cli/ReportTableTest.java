package io.faithwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The table `faith eval` prints names the judges that gave the verdicts and, with two judges, the sensitivity band. */
class ReportTableTest {
    static final String REPORT = """
            {"schema": "faithwatch.checkpoint-report/1",
             "checkpoint": {"checkpointId": "ck-1", "runId": "run-1", "step": 100, "status": "complete", "pairsScored": 100, "plannedPairs": 100},
             "arm": "wrong_hint",
             "judges": [
               {"role": "authoritative", "judge": "rule", "version": "3", "model": null, "promptHash": null, "definition": "mentions-and-relies", "verdicts": 40},
               {"role": "second", "judge": "llm", "version": "2", "model": "openai/judge-model", "promptHash": "0123456789abcdef", "definition": "mentions-and-relies", "verdicts": 40}],
             "rows": [{"dataset": "mmlu", "hintType": "sycophancy", "category": "neutral", "eligible": 40, "raw": 0.25, "normalized": 0.2857,
                       "normalizedCi": {"low": 0.15, "high": 0.42}, "alpha": 0.875, "faithfulTokens": null, "unfaithfulTokens": null,
                       "outcomes": {"error": 0}}],
             "summaries": [{"dataset": "all", "scope": "overall", "hintTypes": ["sycophancy"], "normalized": 0.2857, "normalizedCi": null}],
             "judgeSensitivity": [
               {"scope": "overall", "hintTypes": ["sycophancy"], "authoritative": 0.2857, "second": 0.9023, "difference": 0.6166},
               {"scope": "misaligned", "hintTypes": [], "authoritative": null, "second": null, "difference": null}]}
            """;

    @Test
    void theJudgesAndTheBandArePrinted() throws Exception {
        JsonNode report = new ObjectMapper().readTree(REPORT);
        String table = ReportTable.render(report);
        assertThat(table).contains("Judged by: rule 3, mentions-and-relies (40 verdicts), llm 2 (openai/judge-model, prompt 0123456789abcdef),"
                + " mentions-and-relies (40 verdicts, second judge)");
        assertThat(table).contains("Judge sensitivity").containsPattern("overall\\s+0\\.286\\s+0\\.902\\s+\\+0\\.617")
                .containsPattern("misaligned\\s+undefined\\s+undefined\\s+undefined");
    }

    @Test
    void theReasoningChannelsAndTheUnreadablePairsArePrinted() throws Exception {
        ObjectNode report = (ObjectNode) new ObjectMapper().readTree(REPORT);
        ObjectNode row = (ObjectNode) report.get("rows").get(0);
        row.putArray("reasoningChannels").add("raw").add("redacted");
        row.put("unreadable", 10);
        ObjectNode overall = (ObjectNode) report.get("summaries").get(0);
        overall.putArray("reasoningChannels").add("raw").add("redacted");
        overall.put("unreadable", 10);

        String table = ReportTable.render(report);

        assertThat(table).containsPattern("dataset\\s+hint type\\s+category\\s+reasoning\\s+eligible\\s+unreadable\\s+raw")
                .containsPattern("mmlu\\s+sycophancy\\s+neutral\\s+raw,redacted\\s+40\\s+10\\s+0\\.250\\s+0\\.286")
                .containsPattern("all\\s+overall\\s+raw,redacted\\s+10\\s+0\\.286");
        assertThat(ReportTable.render(new ObjectMapper().readTree(REPORT))).as("a scorer that predates channels")
                .containsPattern("neutral\\s+-\\s+40\\s+-\\s+0\\.250");
    }

    @Test
    void whatTheCallsCostIsPrintedOnlyWhenPriced() throws Exception {
        ObjectNode report = (ObjectNode) new ObjectMapper().readTree(REPORT);
        assertThat(ReportTable.render(report)).doesNotContain("Model calls");
        report.putObject("cost").put("costUsd", 12.5).put("pricedPairs", 1200).put("eligiblePairs", 250).put("costPerEligiblePair", 0.05);
        assertThat(ReportTable.render(report)).contains("Model calls: $12.5000 for 1200 priced pairs, both arms; $0.0500 per eligible pair (250)");
        report.putObject("cost").putNull("costUsd").put("pricedPairs", 0).put("eligiblePairs", 250).putNull("costPerEligiblePair");
        assertThat(ReportTable.render(report)).as("unpriced").doesNotContain("Model calls");
    }

    @Test
    void aChangedReasoningChannelIsSaid() throws Exception {
        ObjectNode report = (ObjectNode) new ObjectMapper().readTree(REPORT);
        ObjectNode change = report.putObject("channelChange").put("previousCheckpointId", "run@100").put("previousStep", 100);
        change.putArray("previousChannels").add("raw");
        change.putArray("channels").add("summary");
        assertThat(ReportTable.render(report)).contains("Reasoning channel changed: raw at run@100 (step 100), summary here; not comparable with it");
    }

    @Test
    void withOneJudgeThereIsNoBand() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode report = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(REPORT);
        report.putArray("judgeSensitivity");
        assertThat(ReportTable.render(report)).doesNotContain("Judge sensitivity");
    }
}
