using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
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

public sealed record PlanRequest(List<CategoryFiguresDto>? Figures, string? ShortfallExplanation, Guid? Version);

public sealed record ApprovalDto(FilingDto Filing, ApprovalKind ApprovalKind, string? ApprovalDocumentNumber, DateOnly? ApprovalDate, DateOnly? FilingDate, string? FilingDocumentNumber);

public sealed record ApprovalRequest(string? ApprovalKind, string? ApprovalDocumentNumber, DateOnly? ApprovalDate, DateOnly? FilingDate, string? FilingDocumentNumber, Guid? Version);

public sealed record PublicationDto(FilingDto Filing, string? PlanUrl, string? DoubleRandomPlanUrl, DateOnly? PublishedOn);

public sealed record PublicationRequest(string? PlanUrl, string? DoubleRandomPlanUrl, DateOnly? PublishedOn, Guid? Version);

/// <summary>
/// The county's three filings: the annual plan (with its coverage), the approval and filing, the
/// publication. The county edits its draft with PUT /{unit}/{year}; submit, accept and return are
/// explicit POSTs through <see cref="SubmissionWorkflow"/>, the same steps the bot takes.
/// </summary>
public static class PlansApi
{
    public static RouteGroupBuilder MapPlansApi(this RouteGroupBuilder api)
    {
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
        string unit, int year, PlanRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
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
        var v = new Validator();
        v.Year("year", year);
        var figures = new List<PlanCategoryFigures>();
        if (body.Figures is null || body.Figures.Count == 0)
        {
            v.Add("figures", ApiText.Get("field.required", "figures"));
        }
        else
        {
            var known = await db.EnterpriseCategories.Select(c => c.Code).ToListAsync(ct);
            for (var i = 0; i < body.Figures.Count; i++)
            {
                var f = body.Figures[i];
                var prefix = $"figures[{i}]";
                var code = v.Required($"{prefix}.categoryCode", f.CategoryCode, 40);
                if (code.Length > 0 && !known.Contains(code))
                {
                    v.Add($"{prefix}.categoryCode", ApiText.Get("field.unknown_category", code));
                }
                figures.Add(new PlanCategoryFigures
                {
                    CategoryCode = code,
                    KeyTotal = v.Required($"{prefix}.keyTotal", f.KeyTotal),
                    KeyPlanned = v.Required($"{prefix}.keyPlanned", f.KeyPlanned),
                    GeneralTotal = v.Required($"{prefix}.generalTotal", f.GeneralTotal),
                    GeneralPlanned = v.Required($"{prefix}.generalPlanned", f.GeneralPlanned),
                });
            }
            if (v.IsValid)
            {
                // The rule's own refusals (negative counts, planned above total, a category twice), named by field.
                foreach (var ruleRefusal in Coverage.FromFigures(figures, ApiText.Culture).Refusals)
                {
                    v.Add(FigureField(ruleRefusal.Field, figures), ruleRefusal.Message);
                }
            }
        }
        var explanation = v.Optional("shortfallExplanation", body.ShortfallExplanation, 2000, TextKind.Paragraphs);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }

        var (plan, refusal) = await SaveFilingAsync(db.AnnualPlans.Include(p => p.Categories), unitId.Value, year, body.Version, "plan.edit", plan =>
        {
            plan.Categories.Clear();
            plan.Categories.AddRange(figures);
            plan.ShortfallExplanation = explanation;
        }, caller, db, time, ct);
        return plan is null ? refusal! : TypedResults.Ok(await PlanDtoAsync(plan, db, ct));
    }

    /// <summary><c>hazardous-chemicals.KeyPlanned</c> (the rule's name) → <c>figures[1].keyPlanned</c> (the request's).</summary>
    private static string FigureField(string? ruleField, List<PlanCategoryFigures> figures)
    {
        if (ruleField is null)
        {
            return "figures";
        }
        var dot = ruleField.LastIndexOf('.');
        var category = dot < 0 ? ruleField : ruleField[..dot];
        var index = figures.FindIndex(f => f.CategoryCode == category);
        var prop = dot < 0 ? "categoryCode" : char.ToLowerInvariant(ruleField[dot + 1]) + ruleField[(dot + 2)..];
        return index < 0 ? "figures" : $"figures[{index}].{prop}";
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
        string unit, int year, ApprovalRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
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
        var v = new Validator();
        v.Year("year", year);
        var kind = v.Enum<ApprovalKind>("approvalKind", body.ApprovalKind);
        var docNumber = v.Optional("approvalDocumentNumber", body.ApprovalDocumentNumber, 100);
        var approvalDate = v.InYear("approvalDate", body.ApprovalDate, year, required: true);
        var filingDate = v.InYear("filingDate", body.FilingDate, year);
        var filingNumber = v.Optional("filingDocumentNumber", body.FilingDocumentNumber, 100);
        if (approvalDate is not null && filingDate is not null && filingDate < approvalDate)
        {
            v.Add("filingDate", ApiText.Get("field.date_order", "filingDate", "approvalDate"));
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var (approval, refusal) = await SaveFilingAsync(db.PlanApprovals, unitId.Value, year, body.Version, "approval.edit", a =>
        {
            a.ApprovalKind = kind;
            a.ApprovalDocumentNumber = docNumber;
            a.ApprovalDate = approvalDate;
            a.FilingDate = filingDate;
            a.FilingDocumentNumber = filingNumber;
        }, caller, db, time, ct);
        return approval is null ? refusal! : TypedResults.Ok(ToDto(approval, unit));
    }

    // ---- publications

    private static async Task<Results<Ok<PublicationDto>, ProblemHttpResult>> GetPublicationAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var p = await db.PlanPublications.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && (caller.Scope == null || p.UnitId == caller.Scope), ct);
        return p is null ? ApiProblems.NotFound() : TypedResults.Ok(ToDto(p, await UnitCodeAsync(db, p.UnitId, ct)));
    }

    private static PublicationDto ToDto(PlanPublication p, string unitCode) => new(Filing(p, unitCode), p.PlanUrl, p.DoubleRandomPlanUrl, p.PublishedOn);

    private static async Task<Results<Ok<PublicationDto>, ValidationProblem, ProblemHttpResult>> PutPublicationAsync(
        string unit, int year, PublicationRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
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
        var v = new Validator();
        v.Year("year", year);
        var planUrl = v.Url("planUrl", body.PlanUrl, required: true);
        var randomUrl = v.Url("doubleRandomPlanUrl", body.DoubleRandomPlanUrl, required: true);
        var publishedOn = v.InYear("publishedOn", body.PublishedOn, year);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var (publication, refusal) = await SaveFilingAsync(db.PlanPublications, unitId.Value, year, body.Version, "publication.edit", p =>
        {
            p.PlanUrl = planUrl;
            p.DoubleRandomPlanUrl = randomUrl;
            p.PublishedOn = publishedOn;
        }, caller, db, time, ct);
        return publication is null ? refusal! : TypedResults.Ok(ToDto(publication, unit));
    }

    // ---- shared

    /// <summary>
    /// The common end of every filing's PUT: the unit's filing of the year (new if there is none), edited
    /// only as <see cref="CheckEditableAsync"/> allows, changed by <paramref name="apply"/>, saved with its
    /// audit entry. Either the saved filing or the refusal.
    /// </summary>
    private static async Task<(T? Saved, ProblemHttpResult? Refusal)> SaveFilingAsync<T>(
        IQueryable<T> filings, int unitId, int year, Guid? version, string action, Action<T> apply,
        Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
        where T : ReviewableSubmission, new()
    {
        var filing = await filings.FirstOrDefaultAsync(f => f.UnitId == unitId && f.Year == year, ct);
        if (await CheckEditableAsync(filing, version, db) is { } refusal)
        {
            return (null, refusal);
        }
        if (filing is null)
        {
            filing = new T { UnitId = unitId, Year = year };
            db.Add(filing);
        }
        apply(filing);
        return await SaveAsync(filing, caller, time, db, action, ct) is { } failed ? (null, failed) : (filing, null);
    }

    /// <summary>
    /// A draft (or a returned filing) can be edited; an existing one only with the version the client
    /// read, so two editors do not overwrite each other.
    /// </summary>
    private static Task<ProblemHttpResult?> CheckEditableAsync(ReviewableSubmission? existing, Guid? version, GuidanceDbContext db)
    {
        if (existing is null)
        {
            return Task.FromResult<ProblemHttpResult?>(null);
        }
        if (version is null || version != existing.Version)
        {
            return Task.FromResult<ProblemHttpResult?>(ApiProblems.Conflict());
        }
        if (existing.Status is not (SubmissionStatus.Draft or SubmissionStatus.Returned))
        {
            return Task.FromResult<ProblemHttpResult?>(ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, ApiText.Get("not_editable"), "not_editable"));
        }
        db.Entry(existing).Property(e => e.Version).OriginalValue = version.Value;
        return Task.FromResult<ProblemHttpResult?>(null);
    }

    private static async Task<ProblemHttpResult?> SaveAsync(ReviewableSubmission s, Caller caller, TimeProvider time, GuidanceDbContext db, string action, CancellationToken ct)
    {
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (db.Entry(s).State == EntityState.Unchanged)
            {
                // Only child rows changed (the figures): the filing itself still gets a new version.
                db.Entry(s).State = EntityState.Modified;
            }
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(caller.ToActor(), action, s.GetType().Name, s.Id, s.UnitId, time.GetUtcNow().UtcDateTime, details: s.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict();
        }
    }
}
