using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Api.Plans;
using GuidanceBot.Api.Units;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Visits;

public sealed record VisitQuery(int? Year, string? Unit, string? Status);

public sealed record VisitDto(int Id, string UnitCode, int Year, int PlannedMonth, DateOnly? StartDate, DateOnly? EndDate, VisitStatus Status, bool Drawn, Guid Version);

public sealed record DrawnEnterprise(int Order, int EnterpriseId, string Name, string CreditCode);

public sealed record FindingDto(string CheckItemCode, string CheckItemTitle, FindingOutcome Outcome, string? Note);

public sealed record VisitDetailDto(VisitDto Visit, int? DrawSeed, IReadOnlyList<DrawnEnterprise> SpotChecked, IReadOnlyList<FindingDto> Findings);

public sealed record ScheduleVisitRequest(string? UnitCode, int? Year, int? PlannedMonth, DateOnly? StartDate, DateOnly? EndDate);

public sealed record DrawRequest(Guid? Version, int? Count);

public sealed record FindingInput(string? CheckItemCode, string? Outcome, string? Note);

public sealed record FindingsRequest(Guid? Version, List<FindingInput>? Findings, bool? Done);

/// <summary>Guidance visits: the city schedules them, draws the spot-checked enterprises, records findings.</summary>
public static class VisitsApi
{
    public static RouteGroupBuilder MapVisitsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/visits").WithTags("Visits");
        group.MapGet("/", ListAsync).WithSummary("Guidance visits, paged");
        group.MapGet("/{id:int}", GetAsync).WithSummary("A visit with its spot-check draw and findings");
        group.MapPost("/", ScheduleAsync).RequireAuthorization(ApiAuth.City).WithSummary("Schedule a visit (planned month 1–11: all done by the end of November)");
        group.MapPost("/{id:int}/draw", DrawAsync).RequireAuthorization(ApiAuth.City).WithSummary("Draw 1–2 planned enterprises at random (replayable)");
        group.MapPut("/{id:int}/findings", FindingsAsync).RequireAuthorization(ApiAuth.City).WithSummary("Record the findings per check item");
        return api;
    }

    private static readonly SortMap<GuidanceVisit> Sorts = new SortMap<GuidanceVisit>("-year", q => q.ThenBy(v => v.PlannedMonth).ThenBy(v => v.Id))
        .Add("year", v => v.Year).Add("month", v => v.PlannedMonth).Add("unit", v => v.UnitId).Add("status", v => v.Status).Add("start", v => v.StartDate);

    private static readonly System.Linq.Expressions.Expression<Func<GuidanceVisit, VisitDto>> ToDto = v =>
        new VisitDto(v.Id, v.Unit!.Code, v.Year, v.PlannedMonth, v.StartDate, v.EndDate, v.Status, v.Draw != null, v.Version);

    private static async Task<Results<Ok<Paged<VisitDto>>, ValidationProblem>> ListAsync(
        [AsParameters] VisitQuery filter, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        var status = filter.Status is null ? (VisitStatus?)null : v.Enum<VisitStatus>("status", filter.Status);
        var query = db.Visits.AsNoTracking().Where(x => caller.Scope == null || x.UnitId == caller.Scope);
        if (filter.Year is not null)
        {
            query = query.Where(x => x.Year == filter.Year);
        }
        if (filter.Unit is not null)
        {
            query = query.Where(x => x.Unit!.Code == filter.Unit);
        }
        if (status is not null)
        {
            query = query.Where(x => x.Status == status);
        }
        query = Sorts.Apply(query, page.Sort, v);
        return v.IsValid ? TypedResults.Ok(await query.Select(ToDto).ToPagedAsync(page, ct)) : ApiProblems.Invalid(v.Errors);
    }

    private static async Task<Results<Ok<VisitDetailDto>, ProblemHttpResult>> GetAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var visit = await db.Visits.AsNoTracking().Where(x => x.Id == id && (caller.Scope == null || x.UnitId == caller.Scope)).Select(ToDto).FirstOrDefaultAsync(ct);
        if (visit is null)
        {
            return ApiProblems.NotFound();
        }
        var draw = await db.SpotCheckDraws.AsNoTracking().Where(d => d.GuidanceVisitId == id)
            .Select(d => new { d.Seed, Enterprises = d.Enterprises.OrderBy(e => e.Order).Select(e => new DrawnEnterprise(e.Order, e.EnterpriseId, e.Enterprise!.Name, e.Enterprise.CreditCode)).ToList() })
            .FirstOrDefaultAsync(ct);
        var findings = await db.Set<VisitFinding>().AsNoTracking().Where(f => f.GuidanceVisitId == id).OrderBy(f => f.CheckItem!.Code)
            .Select(f => new FindingDto(f.CheckItem!.Code, f.CheckItem.Title, f.Outcome, f.Note)).ToListAsync(ct);
        return TypedResults.Ok(new VisitDetailDto(visit, draw?.Seed, draw?.Enterprises ?? [], findings));
    }

    private static async Task<Results<Created<VisitDto>, ValidationProblem>> ScheduleAsync(
        ScheduleVisitRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, MaterialsRequests requests, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var v = new Validator();
        var unitCode = v.Required("unitCode", body.UnitCode, 64);
        var year = v.Year("year", body.Year);
        var month = v.Range("plannedMonth", body.PlannedMonth, 1, 11);
        var start = v.InYear("startDate", body.StartDate, year);
        var end = v.InYear("endDate", body.EndDate, year);
        if (start is not null && end is not null && end < start)
        {
            v.Add("endDate", ApiText.Get("field.date_order", "endDate", "startDate"));
        }
        var unitId = unitCode.Length == 0 ? null : caller.VisibleUnitId(unitCode);
        if (unitCode.Length > 0 && unitId is null)
        {
            v.Add("unitCode", ApiText.Get("field.unknown_unit", unitCode));
        }
        // The chat's rule for the month chosen: not one that has passed, not after the year's 30 November.
        if (v.IsValid && AnnualSchedule.CheckMonth(year, month, time.ChinaToday(), caller.Culture, "plannedMonth") is { } late)
        {
            v.Add(late.Field!, late.Message);
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var visit = new GuidanceVisit
        {
            UnitId = unitId!.Value, Year = year, PlannedMonth = month, StartDate = start, EndDate = end,
            Status = start is null ? VisitStatus.Planned : VisitStatus.Scheduled,
        };
        // Scheduled with its date: the unit's liaisons are asked for the visit's materials, in the same commit.
        await db.AddWithAuditAsync(visit, x => x.Id, caller.ToActor(), time, "visit.schedule", visit.UnitId, $"{year}-{month:00}", ct,
            start is null ? null : async v => await requests.EnqueueAsync(v, ct));
        return TypedResults.Created($"/api/v1/visits/{visit.Id}", await db.Visits.AsNoTracking().Where(x => x.Id == visit.Id).Select(ToDto).FirstAsync(ct));
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> DrawAsync(
        int id, DrawRequest? body, Caller caller, GuidanceDbContext db, SpotCheckService spotCheck, CancellationToken ct)
    {
        if (!await db.Visits.AnyAsync(x => x.Id == id, ct))
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        var version = v.Required("version", body?.Version);
        var count = body?.Count is null ? 1 : v.Range("count", body.Count, 1, 2);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return (await spotCheck.DrawAsync(id, version, count, caller.ToActor(), ct)).ToHttp();
    }

    private static async Task<Results<Ok<VisitDetailDto>, ValidationProblem, ProblemHttpResult>> FindingsAsync(
        int id, FindingsRequest? body, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        var visit = await db.Visits.Include(x => x.Findings).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (visit is null)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var v = new Validator();
        var version = v.Required("version", body.Version);
        var items = await db.CheckItems.AsNoTracking().Where(i => db.CheckTemplates.Any(t => t.Year == visit.Year && t.Areas.Any(a => a.Id == i.CheckAreaId)))
            .Select(i => new { i.Id, i.Code }).ToListAsync(ct);
        var findings = new List<VisitFinding>();
        if (body.Findings is null || body.Findings.Count == 0)
        {
            v.Add("findings", ApiText.Get("field.required", "findings"));
        }
        else
        {
            for (var i = 0; i < body.Findings.Count; i++)
            {
                var f = body.Findings[i];
                var code = v.Required($"findings[{i}].checkItemCode", f.CheckItemCode, 10);
                var item = items.FirstOrDefault(x => x.Code == code);
                if (code.Length > 0 && item is null)
                {
                    v.Add($"findings[{i}].checkItemCode", ApiText.Get("field.unknown_value", code, string.Join(", ", items.Select(x => x.Code))));
                }
                var outcome = v.Enum<FindingOutcome>($"findings[{i}].outcome", f.Outcome);
                var note = v.Optional($"findings[{i}].note", f.Note, 2000, TextKind.Paragraphs);
                if (item is not null)
                {
                    findings.Add(new VisitFinding { CheckItemId = item.Id, Outcome = outcome, Note = note, RecordedUtc = time.GetUtcNow().UtcDateTime, RecordedById = caller.PersonId ?? 0 });
                }
            }
        }
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        if (version != visit.Version)
        {
            return ApiProblems.Conflict();
        }
        db.Entry(visit).Property(x => x.Version).OriginalValue = version;
        foreach (var f in findings)
        {
            var existing = visit.Findings.FirstOrDefault(x => x.CheckItemId == f.CheckItemId);
            if (existing is null)
            {
                visit.Findings.Add(f);
            }
            else
            {
                existing.Outcome = f.Outcome;
                existing.Note = f.Note;
                existing.RecordedUtc = f.RecordedUtc;
                existing.RecordedById = f.RecordedById;
            }
        }
        if (body.Done == true)
        {
            visit.Status = VisitStatus.Done;
        }
        visit.UpdatedUtc = time.GetUtcNow().UtcDateTime; // the visit changed: a new version
        db.Entry(visit).State = EntityState.Modified;
        db.AuditLog.Add(AuditEntries.For(caller.ToActor(), "visit.findings", nameof(GuidanceVisit), visit.Id, visit.UnitId, time.GetUtcNow().UtcDateTime, details: $"{findings.Count} findings"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict();
        }
        db.ChangeTracker.Clear();
        return (await GetAsync(id, caller, db, ct)).Result switch
        {
            Ok<VisitDetailDto> ok => ok,
            _ => ApiProblems.NotFound(),
        };
    }
}
