using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Cases;

public sealed record CaseQuery(int? Year, string? Unit, string? Qualification);

public sealed record CaseDto(int Id, string UnitCode, int Year, string Title, string CaseNumber, DateOnly ReportedOn, string EnforcementType,
    CaseQualification Qualification, bool? ProcedureSound, bool? ContentAccurate, bool? EvidenceConclusive, bool? LawCorrectlyApplied, bool? FileComplete,
    string? QualificationReason, DateTime? JudgedUtc, Guid Version);

public sealed record CaseRequest(string? UnitCode, int? Year, string? Title, string? CaseNumber, DateOnly? ReportedOn, string? EnforcementType);

/// <summary>The plan's five criteria; <c>qualified</c> may be left out: the case qualifies when all five hold. Not qualified needs a reason.</summary>
public sealed record JudgeRequest(Guid? Version, bool? Qualified, bool? ProcedureSound, bool? ContentAccurate, bool? EvidenceConclusive, bool? LawCorrectlyApplied, bool? FileComplete, string? Reason);

/// <summary>Typical cases: a county reports them, the city judges them against the plan's criteria.</summary>
public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases").WithTags("Typical cases");
        group.MapGet("/", ListAsync).WithSummary("Typical cases, paged");
        group.MapGet("/{id:int}", GetAsync);
        group.MapPost("/", CreateAsync).RequireAuthorization(ApiAuth.County).WithSummary("Report a typical case (the county); enforcementType: penalty, coercion, inspection, judicial-transfer, accident-investigation, other");
        group.MapPost("/{id:int}/judge", JudgeAsync).RequireAuthorization(ApiAuth.City).WithSummary("Judge a case against the five criteria (city staff)");
        return api;
    }

    private static readonly SortMap<TypicalCase> Sorts = new SortMap<TypicalCase>("-reportedOn", q => q.ThenBy(c => c.Id))
        .Add("reportedOn", c => c.ReportedOn).Add("unit", c => c.UnitId).Add("title", c => c.Title).Add("qualification", c => c.Qualification);

    private static readonly System.Linq.Expressions.Expression<Func<TypicalCase, CaseDto>> ToDto = c =>
        new CaseDto(c.Id, c.Unit!.Code, c.Year, c.Title, c.CaseNumber, c.ReportedOn, c.EnforcementType, c.Qualification,
            c.ProcedureSound, c.ContentAccurate, c.EvidenceConclusive, c.LawCorrectlyApplied, c.FileComplete, c.QualificationReason, c.JudgedUtc, c.Version);

    private static async Task<Results<Ok<Paged<CaseDto>>, ValidationProblem>> ListAsync(
        [AsParameters] CaseQuery filter, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        var qualification = filter.Qualification is null ? (CaseQualification?)null : v.Enum<CaseQualification>("qualification", filter.Qualification);
        var query = db.TypicalCases.AsNoTracking().Where(c => caller.Scope == null || c.UnitId == caller.Scope);
        if (filter.Year is not null)
        {
            query = query.Where(c => c.Year == filter.Year);
        }
        if (filter.Unit is not null)
        {
            query = query.Where(c => c.Unit!.Code == filter.Unit);
        }
        if (qualification is not null)
        {
            query = query.Where(c => c.Qualification == qualification);
        }
        query = Sorts.Apply(query, page.Sort, v);
        return v.IsValid ? TypedResults.Ok(await query.Select(ToDto).ToPagedAsync(page, ct)) : ApiProblems.Invalid(v.Errors);
    }

    private static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> GetAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var c = await db.TypicalCases.AsNoTracking().Where(c => c.Id == id && (caller.Scope == null || c.UnitId == caller.Scope)).Select(ToDto).FirstOrDefaultAsync(ct);
        return c is null ? ApiProblems.NotFound() : TypedResults.Ok(c);
    }

    private static async Task<Results<Created<CaseDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CaseRequest? body, Caller caller, GuidanceDbContext db, CaseWorkflow workflow, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        // A county reports for its own unit; naming another unit is a field error, as elsewhere in the API.
        if (body.UnitCode is { } code && caller.VisibleUnitId(code) != caller.UnitId)
        {
            return ApiProblems.Invalid("unitCode", ApiText.Get("field.unknown_unit", code));
        }
        var outcome = await workflow.ReportAsync(
            new CaseReport(body.Year, body.Title, body.CaseNumber, body.ReportedOn, body.EnforcementType), caller.ToActor(), ct: ct);
        if (!outcome.Succeeded)
        {
            return outcome.Invalid() is { } invalid ? invalid : outcome.Problem();
        }
        var id = outcome.Id!.Value;
        return TypedResults.Created($"/api/v1/cases/{id}", await db.TypicalCases.AsNoTracking().Where(x => x.Id == id).Select(ToDto).FirstAsync(ct));
    }

    private static async Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> JudgeAsync(
        int id, JudgeRequest? body, Caller caller, GuidanceDbContext db, CaseWorkflow workflow, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        if (WorkflowHttp.MissingVersion(new StepRequest(body.Version, null)) is { } missing)
        {
            return missing;
        }
        var decision = new CaseDecision(body.Qualified, body.ProcedureSound, body.ContentAccurate, body.EvidenceConclusive, body.LawCorrectlyApplied, body.FileComplete, body.Reason);
        var outcome = await workflow.JudgeAsync(id, body.Version!.Value, decision, caller.ToActor(), ct: ct);
        if (!outcome.Succeeded)
        {
            return outcome.Invalid() is { } invalid ? invalid : outcome.Problem();
        }
        return TypedResults.Ok(await db.TypicalCases.AsNoTracking().Where(x => x.Id == id).Select(ToDto).FirstAsync(ct));
    }
}
