package io.faithwatch.grader.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.HintType;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.Judgement;
import io.faithwatch.grader.domain.Agreement;
import io.faithwatch.grader.domain.HintedReasoning;
import io.faithwatch.grader.domain.JudgePanel;

/** Runs the configured judge(s) on one hinted reasoning, and reports how far the two judges agree. */
@Path("/api/judge")
@Produces(MediaType.APPLICATION_JSON)
public class JudgeResource {
    @Inject
    JudgePanel panel;

    @Inject
    Agreement agreement;

    /** The hinted prompt is taken as one user turn; {@code definition} absent = the paper's, mentions-and-relies. */
    public record JudgeRequest(
            @NotBlank(message = "is required; one of " + HintType.WIRE_NAMES) String hintType,
            @NotNull(message = "is required") @Pattern(regexp = "[A-Z]", message = "must be one option letter, A to Z") String hintLetter,
            @NotBlank(message = "is required and must not be blank") String hintedPrompt,
            @NotBlank(message = "is required and must not be blank") String reasoning,
            String definition) {
    }

    /** {@code judgement} is the authoritative one; {@code otherJudgement} is present in mode both. */
    public record JudgeResponse(String mode, String authoritative, Judgement judgement, Judgement otherJudgement) {
    }

    public record AgreementRow(String hintType, long compared, Double agreement, Double kappa) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<JudgeResponse> judge(@Valid @NotNull(message = "is required: {hintType, hintLetter, hintedPrompt, reasoning}")
            JudgeRequest request) {
        HintedReasoning input = new HintedReasoning(HintType.fromWire(request.hintType()), request.hintLetter(),
                List.of(ChatMessage.user(request.hintedPrompt())), request.reasoning());
        JudgeDefinition definition = definition(request.definition());
        String mode = panel.mode().name().toLowerCase(java.util.Locale.ROOT);
        return panel.judge(input).thenApply(j -> j.under(definition))
                .thenApply(j -> new JudgeResponse(mode, panel.authoritative(), j.judgement(), j.otherJudgement()));
    }

    private static JudgeDefinition definition(String wire) {
        try {
            return wire == null ? JudgeDefinition.DEFAULT : JudgeDefinition.fromWire(wire);
        } catch (EventFormatException e) {
            throw new EventFormatException("definition", "must be mentions or mentions-and-relies, was " + io.faithwatch.events.Wire.quote(wire));
        }
    }

    @GET
    @Path("/agreement")
    public List<AgreementRow> agreement() {
        List<AgreementRow> rows = new ArrayList<>();
        for (HintType type : HintType.values()) {
            rows.add(row(type.wireName(), agreement.figures(type)));
        }
        rows.add(row("all", agreement.figures(null)));
        return rows;
    }

    private static AgreementRow row(String label, Agreement.Figures figures) {
        return new AgreementRow(label, figures.compared(), finite(figures.agreement()), finite(figures.kappa()));
    }

    /** Undefined figures are absent (null), never 0. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
