using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Letters;

public sealed record LetterQuery(int? Year, string? Unit, string? Status);

public sealed record LetterDto(int Id, string UnitCode, int Year, string? Number, LetterStatus Status, DateOnly VisitDate, DateOnly ReportDeadline, DateOnly? IssuedOn, int Problems, Guid Version);

public sealed record ProblemDto(int Id, int Order, string Problem, string Opinion);

public sealed record LetterDetailDto(
    LetterDto Letter, int? GuidanceVisitId, IReadOnlyList<ProblemDto> Problems, string? CountyResponsibleName,
    string CityContactName, string CityContactPhone, DateTime? AcknowledgedUtc, string? AcknowledgedByName, int? ReportId);

public sealed record ProblemInput(string? Problem, string? Opinion, string? CheckItemCode);

public sealed record LetterRequest(
    string? UnitCode, int? Year, int? GuidanceVisitId, DateOnly? VisitDate, DateOnly? ReportDeadline, List<ProblemInput>? Problems,
    string? CountyResponsibleName, string? CityContactName, string? CityContactPhone);

/// <summary>A problem's rectification; for one accepted as in progress, when the county reported it done and when the city confirmed it.</summary>
public sealed record ReportItemDto(int Id, int LetterProblemId, string Problem, string? Measures, RectificationProgress Progress, DateOnly? ExpectedCompletion, int Evidence, ReviewDecision Decision, string? ReviewNote,
    DateOnly? CompletedOn = null, string? CompletionNote = null, DateTime? CompletionConfirmedUtc = null);

public sealed record ReportDto(int Id, int LetterId, ReportStatus Status, string? ResponsibleName, DateTime? SubmittedUtc, bool IsLate, int SubmissionCount, IReadOnlyList<ReportItemDto> Items, Guid Version);

/// <summary>
/// Opinion letters: drafting, issuing (the number, the 周交办 items and the letter to the unit's liaisons), acknowledging,
/// returning the report and closing are <see cref="LetterWorkflow"/>'s steps, as in the bot; this translates. The
/// documents are generated on download.
/// </summary>
public static class LettersApi
{
    public static RouteGroupBuilder MapLettersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/letters").WithTags("Letters");
        group.MapGet("/", ListAsync).WithSummary("Opinion letters, paged");
        group.MapGet("/{id:int}", GetAsync).WithSummary("A letter with its problems and opinions");
        group.MapPost("/", CreateAsync).RequireAuthorization(ApiAuth.City).WithSummary("Draft a letter (numbered when issued)");
        group.MapPost("/{id:int}/issue", (int id, StepRequest? body, Caller c, GuidanceDbContext db, LetterWorkflow wf, CancellationToken ct) =>
            StepAsync(id, body, c, db, (v, a) => wf.IssueAsync(id, v, a, ct), ct)).RequireAuthorization(ApiAuth.City).WithSummary("Issue: assigns the next number of the issuer's year");
        group.MapPost("/{id:int}/acknowledge", (int id, StepRequest? body, Caller c, GuidanceDbContext db, LetterWorkflow wf, CancellationToken ct) =>
            StepAsync(id, body, c, db, (v, a) => wf.AcknowledgeAsync(id, v, a, ct, body?.ReceivedBy), ct)).RequireAuthorization(ApiAuth.County).WithSummary("Acknowledge receipt (the county), signed with the name of who received it");
        group.MapPost("/{id:int}/report/return", (int id, StepRequest? body, Caller c, GuidanceDbContext db, LetterWorkflow wf, CancellationToken ct) =>
            StepAsync(id, body, c, db, (v, a) => wf.ReturnReportAsync(id, v, body?.Reason, a, ct), ct)).RequireAuthorization(ApiAuth.City).WithSummary("Return the rectification report with a reason");
        group.MapPost("/{id:int}/close", (int id, StepRequest? body, Caller c, GuidanceDbContext db, LetterWorkflow wf, CancellationToken ct) =>
            StepAsync(id, body, c, db, (v, a) => wf.CloseAsync(id, v, a, ct), ct)).RequireAuthorization(ApiAuth.City).WithSummary("Close the letter once every problem's rectification is accepted (422 while any is returned or pending)");
        group.MapGet("/{id:int}/report", GetReportAsync).WithSummary("The rectification report answering the letter, with the review per problem");
        group.MapReportsApi();
        group.MapGet("/{id:int}/document", DownloadLetterAsync).WithSummary("The letter as DOCX");
        group.MapGet("/{id:int}/report/document", DownloadReportAsync).WithSummary("The rectification report as DOCX");
        return api;
    }

    private static readonly SortMap<OpinionLetter> Sorts = new SortMap<OpinionLetter>("-year", q => q.ThenBy(l => l.Serial).ThenBy(l => l.Id))
        .Add("year", l => l.Year).Add("serial", l => l.Serial).Add("unit", l => l.UnitId).Add("status", l => l.Status)
        .Add("deadline", l => l.ReportDeadline).Add("visitDate", l => l.VisitDate);

    private static readonly System.Linq.Expressions.Expression<Func<OpinionLetter, LetterDto>> ToDto = l =>
        new LetterDto(l.Id, l.Unit!.Code, l.Year, l.Number, l.Status, l.VisitDate, l.ReportDeadline, l.IssuedOn, l.Problems.Count, l.Version);

    private static async Task<Results<Ok<Paged<LetterDto>>, ValidationProblem>> ListAsync(
        [AsParameters] LetterQuery filter, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        var status = filter.Status is null ? (LetterStatus?)null : v.Enum<LetterStatus>("status", filter.Status);
        // A county sees its letters once issued; drafts are the city's work in progress.
        var query = db.Letters.AsNoTracking().Where(l => caller.Scope == null || (l.UnitId == caller.Scope && l.Status != LetterStatus.Draft));
        if (filter.Year is not null)
        {
            query = query.Where(l => l.Year == filter.Year);
        }
        if (filter.Unit is not null)
        {
            query = query.Where(l => l.Unit!.Code == filter.Unit);
        }
        if (status is not null)
        {
            query = query.Where(l => l.Status == status);
        }
        query = Sorts.Apply(query, page.Sort, v);
        return v.IsValid ? TypedResults.Ok(await query.Select(ToDto).ToPagedAsync(page, ct)) : ApiProblems.Invalid(v.Errors);
    }

    private static IQueryable<OpinionLetter> Visible(GuidanceDbContext db, Caller caller) =>
        db.Letters.AsNoTracking().Where(l => caller.Scope == null || (l.UnitId == caller.Scope && l.Status != LetterStatus.Draft));

    private static async Task<Results<Ok<LetterDetailDto>, ProblemHttpResult>> GetAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var letter = await Visible(db, caller).Where(l => l.Id == id).Select(l => new LetterDetailDto(
                new LetterDto(l.Id, l.Unit!.Code, l.Year, l.Number, l.Status, l.VisitDate, l.ReportDeadline, l.IssuedOn, l.Problems.Count, l.Version),
                l.GuidanceVisitId,
                l.Problems.OrderBy(p => p.Order).Select(p => new ProblemDto(p.Id, p.Order, p.Problem, p.Opinion)).ToList(),
                l.CountyResponsibleName, l.CityContactName, l.CityContactPhone, l.AcknowledgedUtc, l.AcknowledgedByName,
                db.RectificationReports.Where(r => r.OpinionLetterId == l.Id).Select(r => (int?)r.Id).FirstOrDefault()))
            .FirstOrDefaultAsync(ct);
        return letter is null ? ApiProblems.NotFound() : TypedResults.Ok(letter);
    }

    private static async Task<Results<Created<LetterDetailDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        LetterRequest? body, Caller caller, GuidanceDbContext db, LetterWorkflow workflow, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        // The unit by its code, as far as the caller may see it; every rule of the letter is the workflow's.
        var unitId = caller.VisibleUnitId(body.UnitCode);
        if (!TextRule.IsBlank(body.UnitCode) && unitId is null)
        {
            return ApiProblems.Invalid("unitCode", ApiText.Get("field.unknown_unit", body.UnitCode!));
        }
        var result = await workflow.DraftAsync(new LetterDraft(unitId, body.Year, body.GuidanceVisitId, body.VisitDate, body.ReportDeadline,
            body.Problems?.Select(p => p is null ? null : new LetterProblemInput(p.Problem, p.Opinion, p.CheckItemCode)).ToList(),
            body.CountyResponsibleName, body.CityContactName, body.CityContactPhone), caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid(f => f == LetterFields.UnitId ? "unitCode" : f) is { } invalid ? invalid : result.Problem();
        }
        var created = await GetAsync(result.Id!.Value, caller, db, ct);
        return created.Result is Ok<LetterDetailDto> ok ? TypedResults.Created($"/api/v1/letters/{result.Id}", ok.Value) : ApiProblems.NotFound();
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> StepAsync(
        int id, StepRequest? body, Caller caller, GuidanceDbContext db, Func<Guid, Actor, Task<WorkflowResult>> step, CancellationToken ct)
    {
        if (!await Visible(db, caller).AnyAsync(l => l.Id == id, ct))
        {
            return ApiProblems.NotFound();
        }
        if (WorkflowHttp.MissingVersion(body) is { } missing)
        {
            return missing;
        }
        return (await step(body!.Version!.Value, caller.ToActor())).ToHttp();
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetReportAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        if (!await Visible(db, caller).AnyAsync(l => l.Id == id, ct))
        {
            return ApiProblems.NotFound();
        }
        var report = await db.RectificationReports.AsNoTracking().Where(r => r.OpinionLetterId == id)
            .Select(r => new ReportDto(r.Id, r.OpinionLetterId, r.Status, r.ResponsibleName, r.SubmittedUtc, r.IsLate, r.SubmissionCount,
                r.Items.OrderBy(i => i.Problem!.Order).Select(i => new ReportItemDto(i.Id, i.LetterProblemId, i.Problem!.Problem, i.Measures, i.Progress,
                    i.ExpectedCompletion, i.Evidence.Count, i.Decision, i.ReviewNote, i.CompletedOn, i.CompletionNote, i.CompletionConfirmedUtc)).ToList(), r.Version))
            .FirstOrDefaultAsync(ct);
        return report is null ? ApiProblems.NotFound() : TypedResults.Ok(report);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadLetterAsync(int id, Caller caller, GuidanceDbContext db, GuidanceDocuments documents, CancellationToken ct)
    {
        if (!await Visible(db, caller).AnyAsync(l => l.Id == id, ct))
        {
            return ApiProblems.NotFound();
        }
        return (await documents.OpinionLetterAsync(id, caller.Scope, ct)).ToDownload();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadReportAsync(int id, Caller caller, GuidanceDbContext db, GuidanceDocuments documents, CancellationToken ct)
    {
        var reportId = await Visible(db, caller).Where(l => l.Id == id)
            .Select(l => db.RectificationReports.Where(r => r.OpinionLetterId == l.Id).Select(r => (int?)r.Id).FirstOrDefault()).FirstOrDefaultAsync(ct);
        return reportId is null ? ApiProblems.NotFound() : (await documents.RectificationReportAsync(reportId.Value, caller.Scope, ct)).ToDownload();
    }
}
