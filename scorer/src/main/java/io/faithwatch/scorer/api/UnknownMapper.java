package io.faithwatch.scorer.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.faithwatch.events.rest.Problem;
import io.faithwatch.scorer.report.ReportService;

/** "Not known" (a checkpoint, a run, a pair) as a 404 problem naming the field and the value, for every resource. */
public class UnknownMapper {
    @ServerExceptionMapper
    public Response unknown(ReportService.UnknownException e, UriInfo uri) {
        return Problem.of(404, e.getMessage(), e.field(), uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "")).response();
    }
}
