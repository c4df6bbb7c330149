package io.faithwatch.grader.api;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.faithwatch.events.rest.ProblemException;
import io.faithwatch.grader.domain.HumanLabel;
import io.faithwatch.grader.domain.ReviewBook;
import io.faithwatch.grader.messaging.ReviewLog;

/** Human review: the pairs flagged for review, human labels for them, and each judge's accuracy against those labels. */
@Path("/api/reviews")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {
    private final Clock clock = Clock.systemUTC();

    @Inject
    ReviewBook book;

    @Inject
    ReviewLog log;

    /** A pair id as events have it, a reviewer's name without control characters, a note of lines. */
    public record LabelRequest(
            @NotBlank(message = "is required") @Size(max = 1000, message = "must be at most 1,000 characters")
            @Pattern(regexp = NO_CONTROL, message = "must not hold control characters") String pairId,
            @NotNull(message = "is required: true or false") Boolean verbalized,
            @Size(max = 200, message = "must be at most 200 characters") @Pattern(regexp = NO_CONTROL, message = "must not hold control characters")
            String reviewer,
            @Size(max = 10_000, message = "must be at most 10,000 characters")
            @Pattern(regexp = LINES, message = "must not hold control characters other than line breaks and tabs") String note) {
    }

    /** No control character (the whole value must match). */
    static final String NO_CONTROL = "[^\\x00-\\x1f\\x7f]*";
    /** No control character but tab, line feed and carriage return. */
    static final String LINES = "[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*";

    public record AccuracyRow(String judge, long labelled, long correct, long failed, Double accuracy) {
    }

    @GET
    public List<ReviewBook.Review> list(@QueryParam("status") @DefaultValue("pending")
            @Pattern(regexp = "pending|labelled|all", message = "must be pending, labelled or all") String status) {
        return book.list(ReviewBook.Status.valueOf(status.toUpperCase(Locale.ROOT)));
    }

    @POST
    @Path("/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<ReviewBook.Review> label(@Valid @NotNull(message = "is required: {pairId, verbalized, reviewer, note}") LabelRequest request) {
        var item = book.item(request.pairId())
                .orElseThrow(() -> ProblemException.notFound("pairId", request.pairId(), "is not flagged for review"));
        HumanLabel label = new HumanLabel(request.pairId(), request.verbalized(), request.reviewer(), request.note(), clock.instant());
        return log.label(label).thenApply(done -> new ReviewBook.Review(item, label));
    }

    @GET
    @Path("/accuracy")
    public List<AccuracyRow> accuracy() {
        return book.accuracy().stream().map(a -> new AccuracyRow(a.judge(), a.labelled(), a.correct(), a.failed(),
                Double.isFinite(a.accuracy()) ? a.accuracy() : null)).toList();
    }
}
