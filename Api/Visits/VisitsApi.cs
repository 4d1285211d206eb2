using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Visits;

public sealed record VisitQuery(int? Year, string? Unit, string? Status);

public sealed record VisitDto(int Id, string UnitCode, int Year, int PlannedMonth, DateOnly? StartDate, DateOnly? EndDate, VisitStatus Status, bool Drawn, Guid Version,
    string? CancelReason = null);

public sealed record DrawnEnterprise(int Order, int EnterpriseId, string Name, string CreditCode);

/// <summary>A finding; <c>followUpId</c> names the follow-up record (<c>/visits/{id}/follow-ups</c>) it rests on.</summary>
public sealed record FindingDto(string CheckItemCode, string CheckItemTitle, FindingOutcome Outcome, string? Note, int? FollowUpId = null);

/// <summary>及时反馈: the visit's opinion letter is due <c>workingDays</c> working days (the year's setup) after its last day; late when issued (or still not) after it.</summary>
public sealed record LetterDueDto(DateOnly Due, int WorkingDays, DateOnly? IssuedOn, bool Late);

/// <summary>A visit; <c>letterDue</c> only for a visit done with problems (it owes a letter).</summary>
public sealed record VisitDetailDto(VisitDto Visit, int? DrawSeed, IReadOnlyList<DrawnEnterprise> SpotChecked, IReadOnlyList<FindingDto> Findings,
    LetterDueDto? LetterDue = null);

public sealed record ScheduleVisitRequest(string? UnitCode, int? Year, int? PlannedMonth, DateOnly? StartDate, DateOnly? EndDate);

public sealed record DrawRequest(Guid? Version, int? Count);

/// <summary>
/// A visit's draw with its replay data: the seed, the algorithm (its id and in words), how many were drawn, the candidates
/// in the order the shuffle takes them, the enterprises chosen, and whether replaying the seed gives them again.
/// </summary>
public sealed record DrawReplayDto(
    int VisitId, int Seed, int Count, string Algorithm, string Method, IReadOnlyList<int> CandidateIds, IReadOnlyList<DrawnEnterprise> Chosen,
    DateTime DrawnUtc, int DrawnById, bool ReplayMatches, IReadOnlyList<int> ReplayExpected, string? ReplayError);

public sealed record VisitRiskDto(string Code, string? UnitCode, int? Month, string Message);

public sealed record UnitVisitDto(string UnitCode, string UnitName, int? VisitId, int? PlannedMonth, VisitStatus? Status);

/// <summary>The year's visit schedule and what puts 30 November at risk (the status card's and the schedule card's view).</summary>
public sealed record VisitRisksDto(int Year, DateOnly Today, int UnitsLeft, int MonthsLeft, bool OnTrack, IReadOnlyList<UnitVisitDto> Units, IReadOnlyList<VisitRiskDto> Risks);

/// <summary>Moving a visit: the version seen, the month (and optionally the dates in it) and why.</summary>
public sealed record MoveVisitRequest(Guid? Version, int? PlannedMonth, DateOnly? StartDate, DateOnly? EndDate, string? Reason);

public sealed record FindingsRequest(Guid? Version, List<VisitFindingInput?>? Findings, bool? Done);

/// <summary>Guidance visits: the city schedules them, draws the spot-checked enterprises, records findings.</summary>
public static class VisitsApi
{
    public static RouteGroupBuilder MapVisitsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/visits").WithTags("Visits");
        group.MapGet("/", ListAsync).WithSummary("Guidance visits, paged");
        group.MapGet("/{id:int}", GetAsync).WithSummary("A visit with its spot-check draw and findings");
        group.MapPost("/", ScheduleAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("Schedule the unit's visit of the year for a month (this month to November): 201 with a new visit, 200 with the unit's open visit moved");
        group.MapPost("/{id:int}/draw", DrawAsync).RequireAuthorization(ApiAuth.City).WithSummary("Draw 1–2 planned enterprises at random (replayable)");
        group.MapGet("/{id:int}/draw", ReplayAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("The visit's draw with its replay data (seed, algorithm, candidates, chosen) and the replay's verdict; city staff only");
        group.MapPost("/{id:int}/move", MoveAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("Move an open visit to another month (this month to November) or other dates, with a reason; the unit is told");
        group.MapPost("/{id:int}/cancel", CancelAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("Cancel an open visit with a reason; the unit is told");
        group.MapPut("/{id:int}/findings", FindingsAsync).RequireAuthorization(ApiAuth.City).WithSummary("Record the findings per check item");
        api.MapGroup("/years/{year:int}").WithTags("Visits").MapGet("/visit-risks", RisksAsync).RequireAuthorization(ApiAuth.City)
            .WithSummary("The year's visits per unit and the risks: no visit planned, a month passed, two units in one month, a unit that cannot be reached by 30 November, too few months");
        return api;
    }

    private static async Task<Results<Ok<VisitRisksDto>, ValidationProblem>> RisksAsync(int year, Caller caller, VisitRisksQuery risks, CancellationToken ct)
    {
        var v = new Validator();
        v.Year("year", year);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var view = await risks.LoadAsync(year, caller.Culture, ct);
        return TypedResults.Ok(new VisitRisksDto(year, view.Today, view.Assessment.UnitsLeft, view.Assessment.MonthsLeft, view.Assessment.OnTrack,
            [.. view.Units.Select(u => new UnitVisitDto(u.UnitCode, u.DisplayName(caller.Culture), u.VisitId, u.PlannedMonth, u.Status))],
            [.. view.Lines().Select(r => new VisitRiskDto(r.Code, r.UnitCode, r.Month, r.Message))]));
    }

    private static readonly SortMap<GuidanceVisit> Sorts = new SortMap<GuidanceVisit>("-year", q => q.ThenBy(v => v.PlannedMonth).ThenBy(v => v.Id))
        .Add("year", v => v.Year).Add("month", v => v.PlannedMonth).Add("unit", v => v.UnitId).Add("status", v => v.Status).Add("start", v => v.StartDate);

    private static readonly System.Linq.Expressions.Expression<Func<GuidanceVisit, VisitDto>> ToDto = v =>
        new VisitDto(v.Id, v.Unit!.Code, v.Year, v.PlannedMonth, v.StartDate, v.EndDate, v.Status, v.Draw != null, v.Version, v.CancelReason);

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

    /// <summary>The visit; its draw (seed and enterprises) only to city staff, and to the unit from the visit's first day (<see cref="DrawSecrecy"/>).</summary>
    private static async Task<Results<Ok<VisitDetailDto>, ProblemHttpResult>> GetAsync(int id, Caller caller, GuidanceDbContext db, TimeProvider time,
        LetterTimeliness timeliness, CancellationToken ct)
    {
        var visit = await db.Visits.AsNoTracking().Where(x => x.Id == id && (caller.Scope == null || x.UnitId == caller.Scope)).Select(ToDto).FirstOrDefaultAsync(ct);
        if (visit is null)
        {
            return ApiProblems.NotFound();
        }
        var shown = DrawSecrecy.Shown(caller.IsCity, visit.StartDate, time.ChinaToday());
        var draw = !shown ? null : await db.SpotCheckDraws.AsNoTracking().Where(d => d.GuidanceVisitId == id)
            .Select(d => new { d.Seed, Enterprises = d.Enterprises.OrderBy(e => e.Order).Select(e => new DrawnEnterprise(e.Order, e.EnterpriseId, e.Enterprise!.Name, e.Enterprise.CreditCode)).ToList() })
            .FirstOrDefaultAsync(ct);
        var findings = await db.Set<VisitFinding>().AsNoTracking().Where(f => f.GuidanceVisitId == id).OrderBy(f => f.CheckItem!.Code)
            .Select(f => new FindingDto(f.CheckItem!.Code, f.CheckItem.Title, f.Outcome, f.Note, f.VisitFollowUpId)).ToListAsync(ct);
        var letterDue = await timeliness.ForVisitAsync(id, ct);
        return TypedResults.Ok(new VisitDetailDto(visit, draw?.Seed, draw?.Enterprises ?? [], findings,
            letterDue is null ? null : new LetterDueDto(letterDue.Due, letterDue.WorkingDays, letterDue.IssuedOn, letterDue.Late(time.ChinaToday()))));
    }

    /// <summary>
    /// The unit's visit of the year, created (201) or, when the unit has an open one, moved (200) — never a second visit; the
    /// same step as the chat's schedule card (<see cref="VisitWorkflow.ScheduleAsync"/>).
    /// </summary>
    private static async Task<Results<Created<VisitDto>, Ok<VisitDto>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(
        ScheduleVisitRequest? body, Caller caller, GuidanceDbContext db, VisitWorkflow workflow, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.ScheduleAsync(new ScheduleVisit(body.UnitCode, body.Year, body.PlannedMonth, body.StartDate, body.EndDate), caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        var visit = await db.Visits.AsNoTracking().Where(x => x.Id == result.Id).Select(ToDto).FirstAsync(ct);
        return result.Detail == VisitWorkflow.Created ? TypedResults.Created($"/api/v1/visits/{visit.Id}", visit) : TypedResults.Ok(visit);
    }

    private static async Task<Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult>> DrawAsync(
        int id, DrawRequest? body, Caller caller, GuidanceDbContext db, VisitWorkflow workflow, CancellationToken ct)
    {
        if (!await db.Visits.AnyAsync(x => x.Id == id && (caller.Scope == null || x.UnitId == caller.Scope), ct))
        {
            return ApiProblems.NotFound();
        }
        if (body?.Version is not { } version)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        return (await workflow.DrawAsync(id, version, body.Count, caller.ToActor(), ct)).ToHttp();
    }

    private static async Task<Results<Ok<VisitDto>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        int id, MoveVisitRequest? body, Caller caller, GuidanceDbContext db, VisitWorkflow workflow, CancellationToken ct)
    {
        if (body?.Version is not { } version)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        var result = await workflow.MoveAsync(new MoveVisit(id, version, body.PlannedMonth, body.StartDate, body.EndDate, body.Reason), caller.ToActor(), ct);
        return await VisitAfterAsync(id, result, db, ct);
    }

    private static async Task<Results<Ok<VisitDto>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        int id, StepRequest? body, Caller caller, GuidanceDbContext db, VisitWorkflow workflow, CancellationToken ct)
    {
        if (WorkflowHttp.MissingVersion(body) is { } missing)
        {
            return missing;
        }
        return await VisitAfterAsync(id, await workflow.CancelAsync(id, body!.Version!.Value, body.Reason, caller.ToActor(), ct), db, ct);
    }

    /// <summary>The visit as the step left it, or the step's refusal.</summary>
    private static async Task<Results<Ok<VisitDto>, ValidationProblem, ProblemHttpResult>> VisitAfterAsync(int id, WorkflowResult result, GuidanceDbContext db, CancellationToken ct)
    {
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        return TypedResults.Ok(await db.Visits.AsNoTracking().Where(x => x.Id == id).Select(ToDto).FirstAsync(ct));
    }

    private static async Task<Results<Ok<DrawReplayDto>, ProblemHttpResult>> ReplayAsync(int id, Caller caller, SpotCheckService spotCheck, CancellationToken ct)
    {
        if (await spotCheck.LoadAsync(id, caller.Culture, ct) is not { } d)
        {
            return ApiProblems.NotFound();
        }
        return TypedResults.Ok(new DrawReplayDto(d.VisitId, d.Seed, d.Count, d.Algorithm, SpotCheck.Describe(d.Algorithm, d.CandidateIds.Count, d.Count, caller.Culture),
            d.CandidateIds, [.. d.Chosen.Select(c => new DrawnEnterprise(c.Order, c.EnterpriseId, c.Name, c.CreditCode))], d.DrawnUtc, d.DrawnById,
            d.Replay.Matches, d.Replay.Expected, d.Replay.Error?.Message));
    }

    private static async Task<Results<Ok<VisitDetailDto>, ValidationProblem, ProblemHttpResult>> FindingsAsync(
        int id, FindingsRequest? body, Caller caller, GuidanceDbContext db, VisitWorkflow workflow, TimeProvider time, LetterTimeliness timeliness,
        CancellationToken ct)
    {
        if (!await db.Visits.AnyAsync(x => x.Id == id && (caller.Scope == null || x.UnitId == caller.Scope), ct))
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        if (body.Version is not { } version)
        {
            return ApiProblems.Invalid("version", ApiText.Get("field.required", "version"));
        }
        var result = await workflow.RecordFindingsAsync(id, version, body.Findings, body.Done == true, caller.ToActor(), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        return (await GetAsync(id, caller, db, time, timeliness, ct)).Result switch
        {
            Ok<VisitDetailDto> ok => ok,
            _ => ApiProblems.NotFound(),
        };
    }
}
