using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Plans;

public sealed record FilingQuery(int? Year, string? Unit, string? Status);

public sealed record FilingDto(int Id, string UnitCode, int Year, SubmissionStatus Status, DateTime? SubmittedUtc, DateTime? ReviewedUtc, string? ReturnReason, int ReturnCount, Guid Version);

public sealed record CategoryFiguresDto(string? CategoryCode, int? KeyTotal, int? KeyPlanned, int? GeneralTotal, int? GeneralPlanned);

public sealed record CoverageDto(bool IsMet, IReadOnlyList<CoverageLine> Categories, CoverageLine? Total, IReadOnlyList<string> Shortfalls);

public sealed record PlanDto(FilingDto Filing, IReadOnlyList<CategoryFiguresDto> Figures, int ListedEnterprises, string? ShortfallExplanation, CoverageDto Coverage);

/// <summary>The plan's draft. Without <c>figures</c> a plan filed as an enterprise list keeps its list and figures; without <c>shortfallExplanation</c> the one on file stays ("" clears it).</summary>
public sealed record PlanRequest(List<CategoryFiguresDto>? Figures, string? ShortfallExplanation, Guid? Version);

public sealed record ApprovalDto(FilingDto Filing, ApprovalKind ApprovalKind, string? ApprovalDocumentNumber, DateOnly? ApprovalDate, DateOnly? FilingDate, string? FilingDocumentNumber);

public sealed record ApprovalRequest(string? ApprovalKind, string? ApprovalDocumentNumber, DateOnly? ApprovalDate, DateOnly? FilingDate, string? FilingDocumentNumber, Guid? Version);

public sealed record PublicationDto(FilingDto Filing, string? PlanUrl, string? DoubleRandomPlanUrl, DateOnly? PublishedOn);

public sealed record PublicationRequest(string? PlanUrl, string? DoubleRandomPlanUrl, DateOnly? PublishedOn, Guid? Version);

/// <summary>
/// The county's three filings: the annual plan (with its coverage), the approval and filing, the
/// publication. The county edits its draft with PUT /{unit}/{year}; submit, accept and return are
/// explicit POSTs. Every step is <see cref="SubmissionWorkflow"/>'s, the same the bot takes: this only translates.
/// </summary>
public static class PlansApi
{
    public static RouteGroupBuilder MapPlansApi(this RouteGroupBuilder api)
    {
        api.MapCityPlanApi();
        var plans = api.MapGroup("/plans").WithTags("Plans");
        plans.MapGet("/", ([AsParameters] FilingQuery f, [AsParameters] PageQuery p, Caller c, GuidanceDbContext db, CancellationToken ct) => ListAsync(db.AnnualPlans, f, p, c, ct)).WithSummary("Annual plans, paged");
        plans.MapGet("/{id:int}", GetPlanAsync).WithSummary("A plan with its figures and coverage result");
        plans.MapPut("/{unit}/{year:int}", PutPlanAsync).RequireAuthorization(ApiAuth.County).WithSummary("Create or edit the unit's draft plan of the year");
        MapSteps<AnnualPlan>(plans);

        var approvals = api.MapGroup("/approvals").WithTags("Plans");
        approvals.MapGet("/", ([AsParameters] FilingQuery f, [AsParameters] PageQuery p, Caller c, GuidanceDbContext db, CancellationToken ct) => ListAsync(db.PlanApprovals, f, p, c, ct)).WithSummary("Approvals and filings, paged");
        approvals.MapGet("/{id:int}", GetApprovalAsync);
        approvals.MapPut("/{unit}/{year:int}", PutApprovalAsync).RequireAuthorization(ApiAuth.County).WithSummary("Create or edit the draft approval and filing");
        MapSteps<PlanApproval>(approvals);

        var publications = api.MapGroup("/publications").WithTags("Plans");
        publications.MapGet("/", ([AsParameters] FilingQuery f, [AsParameters] PageQuery p, Caller c, GuidanceDbContext db, CancellationToken ct) => ListAsync(db.PlanPublications, f, p, c, ct)).WithSummary("Publications, paged");
        publications.MapGet("/{id:int}", GetPublicationAsync);
        publications.MapPut("/{unit}/{year:int}", PutPublicationAsync).RequireAuthorization(ApiAuth.County).WithSummary("Create or edit the draft publication (http/https links)");
        MapSteps<PlanPublication>(publications);
        return api;
    }

    private static void MapSteps<T>(RouteGroupBuilder group) where T : ReviewableSubmission
    {
        group.MapPost("/{id:int}/submit", (int id, StepRequest? body, Caller caller, GuidanceDbContext db, SubmissionWorkflow wf, CancellationToken ct) =>
            StepAsync<T>(id, body, caller, db, (v, a) => wf.SubmitAsync<T>(id, v, a, ct), ct))
            .RequireAuthorization(ApiAuth.County).WithSummary("Submit (the county)");
        group.MapPost("/{id:int}/accept", (int id, StepRequest? body, Caller caller, GuidanceDbContext db, SubmissionWorkflow wf, CancellationToken ct) =>
            StepAsync<T>(id, body, caller, db, (v, a) => wf.AcceptAsync<T>(id, v, a, ct), ct))
            .RequireAuthorization(ApiAuth.City).WithSummary("Accept (city staff)");
        group.MapPost("/{id:int}/return", (int id, StepRequest? body, Caller caller, GuidanceDbContext db, SubmissionWorkflow wf, CancellationToken ct) =>
            StepAsync<T>(id, body, caller, db, (v, a) => wf.ReturnAsync<T>(id, v, body?.Reason, a, ct), ct))
            .RequireAuthorization(ApiAuth.City).WithSummary("Return with a reason (city staff)");
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> StepAsync<T>(
        int id, StepRequest? body, Caller caller, GuidanceDbContext db, Func<Guid, Actor, Task<WorkflowResult>> step, CancellationToken ct)
        where T : ReviewableSubmission
    {
        var unitId = await db.Set<T>().AsNoTracking().Where(s => s.Id == id).Select(s => (int?)s.UnitId).FirstOrDefaultAsync(ct);
        if (unitId is null || !caller.CanSee(unitId.Value))
        {
            return ApiProblems.NotFound();
        }
        if (WorkflowHttp.MissingVersion(body) is { } missing)
        {
            return missing;
        }
        return (await step(body!.Version!.Value, caller.ToActor())).ToHttp();
    }

    private static readonly SortMap<ReviewableSubmission> Sorts = new SortMap<ReviewableSubmission>("-year", q => q.ThenBy(s => s.UnitId).ThenBy(s => s.Id))
        .Add("year", s => s.Year).Add("unit", s => s.UnitId).Add("status", s => s.Status).Add("submitted", s => s.SubmittedUtc).Add("updated", s => s.UpdatedUtc);

    private static async Task<Results<Ok<Paged<FilingDto>>, ValidationProblem>> ListAsync<T>(
        IQueryable<T> source, FilingQuery filter, PageQuery page, Caller caller, CancellationToken ct)
        where T : ReviewableSubmission
    {
        var v = new Validator();
        page.Validate(v);
        var status = filter.Status is null ? (SubmissionStatus?)null : v.Enum<SubmissionStatus>("status", filter.Status);
        IQueryable<ReviewableSubmission> query = source.AsNoTracking().Where(s => caller.Scope == null || s.UnitId == caller.Scope);
        if (filter.Year is not null)
        {
            query = query.Where(s => s.Year == filter.Year);
        }
        if (filter.Unit is not null)
        {
            query = query.Where(s => s.Unit!.Code == filter.Unit);
        }
        if (status is not null)
        {
            query = query.Where(s => s.Status == status);
        }
        query = Sorts.Apply(query, page.Sort, v);
        return v.IsValid ? TypedResults.Ok(await query.Select(s => new FilingDto(s.Id, s.Unit!.Code, s.Year, s.Status, s.SubmittedUtc, s.ReviewedUtc, s.ReturnReason, s.ReturnCount, s.Version)).ToPagedAsync(page, ct))
            : ApiProblems.Invalid(v.Errors);
    }

    private static FilingDto Filing(ReviewableSubmission s, string unitCode) =>
        new(s.Id, unitCode, s.Year, s.Status, s.SubmittedUtc, s.ReviewedUtc, s.ReturnReason, s.ReturnCount, s.Version);

    private static async Task<string> UnitCodeAsync(GuidanceDbContext db, int unitId, CancellationToken ct) =>
        await db.Units.Where(u => u.Id == unitId).Select(u => u.Code).FirstAsync(ct);

    // ---- plans

    private static async Task<Results<Ok<PlanDto>, ProblemHttpResult>> GetPlanAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var plan = await db.AnnualPlans.AsNoTracking().Include(p => p.Categories).FirstOrDefaultAsync(p => p.Id == id && (caller.Scope == null || p.UnitId == caller.Scope), ct);
        return plan is null ? ApiProblems.NotFound() : TypedResults.Ok(await PlanDtoAsync(plan, db, ct));
    }

    private static async Task<PlanDto> PlanDtoAsync(AnnualPlan plan, GuidanceDbContext db, CancellationToken ct)
    {
        var listed = await db.Set<PlanEntry>().CountAsync(e => e.AnnualPlanId == plan.Id, ct);
        var entries = listed == 0 ? []
            : await db.Set<PlanEntry>().AsNoTracking().Include(e => e.Enterprise).Where(e => e.AnnualPlanId == plan.Id).ToListAsync(ct);
        var coverage = Coverage.OfPlan(entries, plan.Categories, ApiText.Culture);
        return new PlanDto(
            Filing(plan, await UnitCodeAsync(db, plan.UnitId, ct)),
            [.. plan.Categories.OrderBy(c => c.CategoryCode, StringComparer.Ordinal).Select(c => new CategoryFiguresDto(c.CategoryCode, c.KeyTotal, c.KeyPlanned, c.GeneralTotal, c.GeneralPlanned))],
            listed,
            plan.ShortfallExplanation,
            new CoverageDto(coverage.IsMet, coverage.Categories, coverage.Total, [.. coverage.Shortfalls(ApiText.Culture).Select(e => e.Message)]));
    }

    private static async Task<Results<Ok<PlanDto>, ValidationProblem, ProblemHttpResult>> PutPlanAsync(
        string unit, int year, PlanRequest? body, Caller caller, GuidanceDbContext db, SubmissionWorkflow workflow, CancellationToken ct)
    {
        var unitId = caller.VisibleUnitId(unit);
        if (unitId is null)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var figures = body.Figures?.Select(f => f is null ? null : new PlanFiguresInput(f.CategoryCode, f.KeyTotal, f.KeyPlanned, f.GeneralTotal, f.GeneralPlanned)).ToList();
        var result = await workflow.SaveDraftAsync(new PlanDraft(unitId.Value, year, figures, body.ShortfallExplanation, body.Version), caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        var plan = await db.AnnualPlans.AsNoTracking().Include(p => p.Categories).FirstAsync(p => p.Id == result.Id, ct);
        return TypedResults.Ok(await PlanDtoAsync(plan, db, ct));
    }

    // ---- approvals

    private static async Task<Results<Ok<ApprovalDto>, ProblemHttpResult>> GetApprovalAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var a = await db.PlanApprovals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && (caller.Scope == null || p.UnitId == caller.Scope), ct);
        return a is null ? ApiProblems.NotFound() : TypedResults.Ok(ToDto(a, await UnitCodeAsync(db, a.UnitId, ct)));
    }

    private static ApprovalDto ToDto(PlanApproval a, string unitCode) =>
        new(Filing(a, unitCode), a.ApprovalKind, a.ApprovalDocumentNumber, a.ApprovalDate, a.FilingDate, a.FilingDocumentNumber);

    private static async Task<Results<Ok<ApprovalDto>, ValidationProblem, ProblemHttpResult>> PutApprovalAsync(
        string unit, int year, ApprovalRequest? body, Caller caller, GuidanceDbContext db, SubmissionWorkflow workflow, CancellationToken ct)
    {
        var unitId = caller.VisibleUnitId(unit);
        if (unitId is null)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.SaveDraftAsync(new ApprovalDraft(unitId.Value, year, body.ApprovalKind, body.ApprovalDocumentNumber, body.ApprovalDate,
            body.FilingDate, body.FilingDocumentNumber, body.Version), caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        return TypedResults.Ok(ToDto(await db.PlanApprovals.AsNoTracking().FirstAsync(a => a.Id == result.Id, ct), unit));
    }

    // ---- publications

    private static async Task<Results<Ok<PublicationDto>, ProblemHttpResult>> GetPublicationAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var p = await db.PlanPublications.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && (caller.Scope == null || p.UnitId == caller.Scope), ct);
        return p is null ? ApiProblems.NotFound() : TypedResults.Ok(ToDto(p, await UnitCodeAsync(db, p.UnitId, ct)));
    }

    private static PublicationDto ToDto(PlanPublication p, string unitCode) => new(Filing(p, unitCode), p.PlanUrl, p.DoubleRandomPlanUrl, p.PublishedOn);

    private static async Task<Results<Ok<PublicationDto>, ValidationProblem, ProblemHttpResult>> PutPublicationAsync(
        string unit, int year, PublicationRequest? body, Caller caller, GuidanceDbContext db, SubmissionWorkflow workflow, CancellationToken ct)
    {
        var unitId = caller.VisibleUnitId(unit);
        if (unitId is null)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.SaveDraftAsync(new PublicationDraft(unitId.Value, year, body.PlanUrl, body.DoubleRandomPlanUrl, body.PublishedOn, body.Version),
            caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        return TypedResults.Ok(ToDto(await db.PlanPublications.AsNoTracking().FirstAsync(p => p.Id == result.Id, ct), unit));
    }
}
