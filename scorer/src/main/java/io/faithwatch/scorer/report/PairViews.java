package io.faithwatch.scorer.report;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Events;
import io.faithwatch.scorer.domain.EvidenceSpan;
import io.faithwatch.scorer.store.PairTexts;

/** A pair whole as the API and the pages show it: its verdict, its texts when kept, the judge's quote located, its siblings. */
@ApplicationScoped
public class PairViews {
    private final PairTexts texts;
    private final ReportService reports;

    public PairViews(PairTexts texts, ReportService reports) {
        this.texts = texts;
        this.reports = reports;
    }

    public record PairView(PairTexts.PairLine pair, String checkpointId, String runId, long step, String judge, String judgeDefinition,
            TextsView texts, EvidenceSpan evidenceSpan, List<PairTexts.Sibling> sameQuestion) {
    }

    /** The texts, prompts as the lists of messages sent. */
    public record TextsView(JsonNode unhintedPrompt, JsonNode hintedPrompt, String unhintedReasoning, String hintedReasoning, String unhintedText,
            String hintedText, Instant storedAt) {
    }

    /** The pair; an {@link ReportService.UnknownException} naming it when no verdict of it is stored. */
    public PairView pair(String pairId) {
        PairTexts.PairWhole whole = texts.pair(pairId)
                .orElseThrow(() -> new ReportService.UnknownException("pairId", pairId, "no verdict of this pair is stored"));
        PairTexts.Texts t = whole.texts();
        TextsView view = t == null ? null : new TextsView(json(t.unhintedPrompt()), json(t.hintedPrompt()), t.unhintedReasoning(),
                t.hintedReasoning(), t.unhintedText(), t.hintedText(), t.storedAt());
        EvidenceSpan span = t == null ? null : EvidenceSpan.locate(t.hintedReasoning(), whole.line().judgeEvidence());
        return new PairView(whole.line(), whole.checkpointId(), whole.runId(), whole.step(), whole.judge(), whole.judgeDefinition(), view, span,
                texts.siblings(whole));
    }

    /** A page of a checkpoint's pairs ({@code filter}: a {@link PairTexts.Filter} wire name); the checkpoint must be known. */
    public PairTexts.Page pairs(String checkpointId, String hintType, String filter, int limit, int offset) {
        reports.checkpoint(checkpointId);
        return texts.list(checkpointId, hintType, PairTexts.Filter.valueOf(filter.toUpperCase(java.util.Locale.ROOT).replace('-', '_')), limit,
                offset);
    }

    private static JsonNode json(String text) {
        try {
            return Events.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored prompt is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
