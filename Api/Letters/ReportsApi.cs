using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Api.Letters;

public sealed record ReportItemRequest(int? LetterProblemId, string? Measures, string? Progress, DateOnly? ExpectedCompletion, List<string>? EvidenceUrls);

public sealed record ReportRequest(string? ResponsibleName, List<ReportItemRequest?>? Items, Guid? Version);

/// <summary>Both versions a report step needs: the letter's (the workflow checks it) and the report's.</summary>
public sealed record ReportStepRequest(Guid? LetterVersion, Guid? ReportVersion, string? Reason);

public sealed record ItemReviewRequest(Guid? Version, string? Decision, string? Note);

/// <summary>The county reports a problem accepted as in progress done (on <c>completedOn</c>, today when not given).</summary>
public sealed record CompletionRequest(Guid? Version, DateOnly? CompletedOn, string? Note);

/// <summary>
/// The rectification report answering a letter: writing it, submitting it and the review per problem are
/// <see cref="LetterWorkflow"/>'s steps, as in the bot (every rule, limit and audit entry there); this translates.
/// </summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder letters)
    {
        letters.MapPut("/{id:int}/report", PutAsync).RequireAuthorization(ApiAuth.County).WithSummary("Write the rectification report's draft (the county)");
        letters.MapPost("/{id:int}/report/submit", SubmitAsync).RequireAuthorization(ApiAuth.County).WithSummary("Submit the report (late ones are accepted and marked)");
        letters.MapPost("/{id:int}/report/items/{itemId:int}/review", ReviewAsync).RequireAuthorization(ApiAuth.City).WithSummary("Accept or return one problem's rectification (city staff)");
        letters.MapPost("/{id:int}/report/items/{itemId:int}/completion", CompletionAsync).RequireAuthorization(ApiAuth.County)
            .WithSummary("Report a problem accepted as in progress done (the county; send the report's version)");
        letters.MapPost("/{id:int}/report/items/{itemId:int}/completion/review", CompletionReviewAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("Confirm a reported completion (Accepted: off the 周交办 list) or send it back (Returned, with a note)");
        return letters;
    }

    private static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        int id, ReportRequest? body, Caller caller, GuidanceDbContext db, LetterWorkflow workflow, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller, id, ct))
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.SaveReportAsync(id, body.Version, Content(body), caller.ToActor(), ct);
        return result.Succeeded ? TypedResults.Ok(await ReportAsync(db, id, ct)) : result.Invalid() is { } invalid ? invalid : result.Problem();
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        int id, ReportStepRequest? body, Caller caller, GuidanceDbContext db, LetterWorkflow workflow, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller, id, ct))
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        var letterVersion = v.Required("letterVersion", body?.LetterVersion);
        var reportVersion = v.Required("reportVersion", body?.ReportVersion);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return (await workflow.SubmitReportAsync(id, letterVersion, reportVersion, null, caller.ToActor(), ct)).ToHttp();
    }

    private static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        int id, int itemId, ItemReviewRequest? body, Caller caller, GuidanceDbContext db, LetterWorkflow workflow, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller, id, ct))
        {
            return ApiProblems.NotFound();
        }
        if (WorkflowHttp.MissingVersion(body is null ? null : new StepRequest(body.Version, null)) is { } missing)
        {
            return missing;
        }
        var result = await workflow.ReviewItemAsync(id, itemId, body!.Version!.Value, body.Decision, body.Note, caller.ToActor(), ct);
        return result.Succeeded ? TypedResults.Ok(await ReportAsync(db, id, ct)) : result.Invalid() is { } invalid ? invalid : result.Problem();
    }

    private static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> CompletionAsync(
        int id, int itemId, CompletionRequest? body, Caller caller, GuidanceDbContext db, LetterWorkflow workflow, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller, id, ct))
        {
            return ApiProblems.NotFound();
        }
        if (WorkflowHttp.MissingVersion(body is null ? null : new StepRequest(body.Version, null)) is { } missing)
        {
            return missing;
        }
        var result = await workflow.ReportCompletionAsync(id, itemId, body!.Version!.Value, body.CompletedOn, body.Note, caller.ToActor(), ct);
        return result.Succeeded ? TypedResults.Ok(await ReportAsync(db, id, ct)) : result.Invalid() is { } invalid ? invalid : result.Problem();
    }

    private static async Task<Results<Ok<ReportDto>, ValidationProblem, ProblemHttpResult>> CompletionReviewAsync(
        int id, int itemId, ItemReviewRequest? body, Caller caller, GuidanceDbContext db, LetterWorkflow workflow, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller, id, ct))
        {
            return ApiProblems.NotFound();
        }
        if (WorkflowHttp.MissingVersion(body is null ? null : new StepRequest(body.Version, null)) is { } missing)
        {
            return missing;
        }
        var result = await workflow.ConfirmCompletionAsync(id, itemId, body!.Version!.Value, body.Decision, body.Note, caller.ToActor(), ct);
        return result.Succeeded ? TypedResults.Ok(await ReportAsync(db, id, ct)) : result.Invalid() is { } invalid ? invalid : result.Problem();
    }

    /// <summary>The request's report as the workflow takes it.</summary>
    private static ReportContent Content(ReportRequest body) => new(body.ResponsibleName,
        body.Items?.Select(i => i is null ? null : new Data.Letters.ReportItemInput(i.LetterProblemId, i.Measures, i.Progress, i.ExpectedCompletion, i.EvidenceUrls)).ToList());

    /// <summary>A letter the caller may see (a county: its own, once issued); the rest is a 404, as if it did not exist.</summary>
    private static Task<bool> VisibleAsync(GuidanceDbContext db, Caller caller, int id, CancellationToken ct) =>
        db.Letters.AsNoTracking().AnyAsync(l => l.Id == id && l.Status != LetterStatus.Draft && (caller.Scope == null || l.UnitId == caller.Scope), ct);

    internal static Task<ReportDto> ReportAsync(GuidanceDbContext db, int letterId, CancellationToken ct) =>
        db.RectificationReports.AsNoTracking().Where(r => r.OpinionLetterId == letterId)
            .Select(r => new ReportDto(r.Id, r.OpinionLetterId, r.Status, r.ResponsibleName, r.SubmittedUtc, r.IsLate, r.SubmissionCount,
                r.Items.OrderBy(i => i.Problem!.Order).Select(i => new ReportItemDto(i.Id, i.LetterProblemId, i.Problem!.Problem, i.Measures, i.Progress,
                    i.ExpectedCompletion, i.Evidence.Count, i.Decision, i.ReviewNote, i.CompletedOn, i.CompletionNote, i.CompletionConfirmedUtc)).ToList(), r.Version))
            .FirstAsync(ct);
}
