using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Units;
using GuidanceBot.Data;
using GuidanceBot.Data.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Cases;

public sealed record CaseQuery(int? Year, string? Unit, string? Qualification);

public sealed record CaseDto(int Id, string UnitCode, int Year, string Title, string CaseNumber, DateOnly ReportedOn, string EnforcementType,
    CaseQualification Qualification, string? QualificationReason, Guid Version);

public sealed record CaseRequest(string? UnitCode, int? Year, string? Title, string? CaseNumber, DateOnly? ReportedOn, string? EnforcementType);

/// <summary>The plan's five criteria; the case qualifies when all hold.</summary>
public sealed record JudgeRequest(Guid? Version, bool? ProcedureSound, bool? ContentAccurate, bool? EvidenceConclusive, bool? LawCorrectlyApplied, bool? FileComplete, string? Reason);

/// <summary>Typical cases: a county reports them, the city judges them against the plan's criteria.</summary>
public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases").WithTags("Typical cases");
        group.MapGet("/", ListAsync).WithSummary("Typical cases, paged");
        group.MapGet("/{id:int}", GetAsync);
        group.MapPost("/", CreateAsync).RequireAuthorization(ApiAuth.County).WithSummary("Report a typical case (the county)");
        group.MapPost("/{id:int}/judge", JudgeAsync).RequireAuthorization(ApiAuth.City).WithSummary("Judge a case against the five criteria (city staff)");
        return api;
    }

    private static readonly SortMap<TypicalCase> Sorts = new SortMap<TypicalCase>("-reportedOn", q => q.ThenBy(c => c.Id))
        .Add("reportedOn", c => c.ReportedOn).Add("unit", c => c.UnitId).Add("title", c => c.Title).Add("qualification", c => c.Qualification);

    private static readonly System.Linq.Expressions.Expression<Func<TypicalCase, CaseDto>> ToDto = c =>
        new CaseDto(c.Id, c.Unit!.Code, c.Year, c.Title, c.CaseNumber, c.ReportedOn, c.EnforcementType, c.Qualification, c.QualificationReason, c.Version);

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

    private static async Task<Results<Created<CaseDto>, ValidationProblem>> CreateAsync(
        CaseRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var v = new Validator();
        var unitCode = v.Required("unitCode", body.UnitCode ?? caller.UnitCode, 64);
        var year = v.Range("year", body.Year, 2000, 2100);
        var title = v.Required("title", body.Title, 200);
        var number = v.Required("caseNumber", body.CaseNumber, 100);
        var reportedOn = v.InYear("reportedOn", body.ReportedOn, year, required: true);
        var type = v.Required("enforcementType", body.EnforcementType, 50);
        var unitId = unitCode.Length == 0 ? null : caller.VisibleUnitId(unitCode);
        if (unitCode.Length > 0 && unitId is null)
        {
            v.Add("unitCode", ApiText.Get("field.unknown_unit", unitCode));
        }
        if (unitId is not null && number.Length > 0 && await db.TypicalCases.AnyAsync(c => c.UnitId == unitId && c.CaseNumber == number, ct))
        {
            v.Add("caseNumber", ApiText.Get("exists.year", year));
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var c = new TypicalCase
        {
            UnitId = unitId!.Value, Year = year, Title = title, CaseNumber = number, ReportedOn = reportedOn!.Value,
            EnforcementType = type, ReportedById = caller.PersonId ?? 0,
        };
        await db.AddWithAuditAsync(c, x => x.Id, caller, time, "case.report", c.UnitId, number, ct);
        return TypedResults.Created($"/api/v1/cases/{c.Id}", await db.TypicalCases.AsNoTracking().Where(x => x.Id == c.Id).Select(ToDto).FirstAsync(ct));
    }

    private static async Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> JudgeAsync(
        int id, JudgeRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        var c = await db.TypicalCases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var v = new Validator();
        var version = v.Required("version", body.Version);
        var criteria = new[]
        {
            v.Required("procedureSound", body.ProcedureSound), v.Required("contentAccurate", body.ContentAccurate),
            v.Required("evidenceConclusive", body.EvidenceConclusive), v.Required("lawCorrectlyApplied", body.LawCorrectlyApplied),
            v.Required("fileComplete", body.FileComplete),
        };
        var reason = v.Optional("reason", body.Reason, 1000);
        var qualified = criteria.All(x => x);
        if (!qualified && reason is null && v.IsValid)
        {
            v.Add("reason", ApiText.Get("field.required", "reason"));
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        if (version != c.Version)
        {
            return ApiProblems.Conflict();
        }
        db.Entry(c).Property(x => x.Version).OriginalValue = version;
        (c.ProcedureSound, c.ContentAccurate, c.EvidenceConclusive, c.LawCorrectlyApplied, c.FileComplete) = (criteria[0], criteria[1], criteria[2], criteria[3], criteria[4]);
        c.Qualification = qualified ? CaseQualification.Qualified : CaseQualification.NotQualified;
        c.QualificationReason = reason;
        c.JudgedById = caller.PersonId;
        c.JudgedUtc = time.GetUtcNow().UtcDateTime;
        db.AuditLog.Add(AuditTrail.Entry(caller, time, "case.judge", nameof(TypicalCase), c.Id, c.UnitId, c.Qualification.ToString(), reason));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict();
        }
        return TypedResults.Ok(await db.TypicalCases.AsNoTracking().Where(x => x.Id == c.Id).Select(ToDto).FirstAsync(ct));
    }
}
