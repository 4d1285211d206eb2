using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Tracking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tracking;

public sealed record SnapshotQuery(int? Year);

public sealed record WeeklySummary(int Id, int Year, int Serial, DateOnly WeekStart, DateTime GeneratedUtc, int Lines);

public sealed record WeeklyDetail(WeeklySummary Snapshot, IReadOnlyList<WeeklyAssignmentLineDto> Lines, IReadOnlyList<WeeklyCaseLineDto> Cases);

/// <summary>A unit's typical cases as the list's Monday began: entered the week before, waiting for judgement, the year's totals.</summary>
public sealed record WeeklyCaseLineDto(string UnitName, int ReportedLastWeek, int AwaitingJudgement, int ReportedInYear, int QualifiedInYear);

public sealed record WeeklyAssignmentLineDto(int Order, string UnitName, AssignmentKind Kind, string Title, string? OwnerName, DateOnly DueDate, AssignmentLineStatus Status);

public sealed record MonthlySummary(int Id, int Year, int Month, DateTime GeneratedUtc);

public sealed record MonthlyDetail(MonthlySummary Snapshot, IReadOnlyList<MonthlyReviewLineDto> Lines, IReadOnlyList<MonthlyOverdueLineDto> Overdue);

public sealed record MonthlyReviewLineDto(string UnitName, int Assigned, int ClosedOnTime, int ClosedLate, int Overdue, int Open, int? OnTimePermille, int? OnTimePermilleChange, int Rank, int TypicalCasesReported, int TypicalCasesQualified,
    int TypicalCasesReportedInMonth, int TypicalCasesQualifiedInMonth, int? PenaltiesInMonth = null, int? PenaltiesPublishedInMonth = null, int? ListsUpdatedInMonth = null);

public sealed record MonthlyOverdueLineDto(string UnitName, string Title, DateOnly DueDate, int DaysOverdue);

/// <summary>
/// The weekly assignment and monthly review snapshots (read only: the nudges job writes them).
/// A county sees only its own lines of the weekly list; the monthly ranking is read out to all.
/// </summary>
public static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshotsApi(this RouteGroupBuilder api)
    {
        var weekly = api.MapGroup("/weekly").WithTags("Weekly and monthly");
        weekly.MapGet("/", ListWeeklyAsync).WithSummary("Weekly assignment lists, newest first");
        weekly.MapGet("/{id:int}", GetWeeklyAsync);
        weekly.MapGet("/{id:int}/document", async (int id, Caller caller, GuidanceDocuments docs, CancellationToken ct) =>
            (await docs.WeeklyAssignmentAsync(id, caller.Scope, ct)).ToDownload()).WithSummary("The weekly list as XLSX");

        var monthly = api.MapGroup("/monthly").WithTags("Weekly and monthly");
        monthly.MapGet("/", ListMonthlyAsync).WithSummary("Monthly reviews, newest first");
        monthly.MapGet("/{id:int}", GetMonthlyAsync);
        monthly.MapGet("/{id:int}/document", async (int id, GuidanceDocuments docs, CancellationToken ct) =>
            (await docs.MonthlyReviewAsync(id, ct)).ToDownload()).WithSummary("The monthly review as XLSX");
        return api;
    }

    private static async Task<Results<Ok<Paged<WeeklySummary>>, ValidationProblem>> ListWeeklyAsync(
        [AsParameters] SnapshotQuery filter, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return TypedResults.Ok(await Weekly(db, filter.Year, caller.Scope).ToPagedAsync(page, ct));
    }

    /// <summary>The weekly lists, newest first, each counting the lines the scope sees (the API's list and the tab's).</summary>
    public static IQueryable<WeeklySummary> Weekly(GuidanceDbContext db, int? year, int? scope) =>
        db.WeeklySnapshots.AsNoTracking().Where(s => year == null || s.Year == year).OrderByDescending(s => s.WeekStart)
            .Select(s => new WeeklySummary(s.Id, s.Year, s.Serial, s.WeekStart, s.GeneratedUtc, s.Lines.Count(l => scope == null || l.UnitId == scope)));

    private static async Task<Results<Ok<WeeklyDetail>, ProblemHttpResult>> GetWeeklyAsync(int id, Caller caller, GuidanceDbContext db, CancellationToken ct) =>
        await WeeklyDetailAsync(db, id, caller, ct) is { } s ? TypedResults.Ok(s) : ApiProblems.NotFound();

    /// <summary>One weekly list with the lines the caller's scope sees; null when there is none.</summary>
    public static async Task<WeeklyDetail?> WeeklyDetailAsync(GuidanceDbContext db, int id, Caller caller, CancellationToken ct)
    {
        return await db.WeeklySnapshots.AsNoTracking().Where(s => s.Id == id).Select(s => new WeeklyDetail(
            new WeeklySummary(s.Id, s.Year, s.Serial, s.WeekStart, s.GeneratedUtc, s.Lines.Count(l => caller.Scope == null || l.UnitId == caller.Scope)),
            s.Lines.Where(l => caller.Scope == null || l.UnitId == caller.Scope).OrderBy(l => l.Order)
                .Select(l => new WeeklyAssignmentLineDto(l.Order, l.UnitName, l.Kind, l.Title, l.OwnerName, l.DueDate, l.Status)).ToList(),
            s.Cases.Where(c => caller.Scope == null || c.UnitId == caller.Scope).OrderBy(c => c.Id)
                .Select(c => new WeeklyCaseLineDto(c.UnitName, c.ReportedLastWeek, c.AwaitingJudgement, c.ReportedInYear, c.QualifiedInYear)).ToList()))
            .FirstOrDefaultAsync(ct);
    }

    private static async Task<Results<Ok<Paged<MonthlySummary>>, ValidationProblem>> ListMonthlyAsync(
        [AsParameters] SnapshotQuery filter, [AsParameters] PageQuery page, GuidanceDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        page.Validate(v);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return TypedResults.Ok(await Monthly(db, filter.Year).ToPagedAsync(page, ct));
    }

    /// <summary>The monthly reviews, newest first (read out to every unit).</summary>
    public static IQueryable<MonthlySummary> Monthly(GuidanceDbContext db, int? year) =>
        db.MonthlySnapshots.AsNoTracking().Where(s => year == null || s.Year == year)
            .OrderByDescending(s => s.Year).ThenByDescending(s => s.Month)
            .Select(s => new MonthlySummary(s.Id, s.Year, s.Month, s.GeneratedUtc));

    private static async Task<Results<Ok<MonthlyDetail>, ProblemHttpResult>> GetMonthlyAsync(int id, GuidanceDbContext db, CancellationToken ct) =>
        await MonthlyDetailAsync(db, id, ct) is { } s ? TypedResults.Ok(s) : ApiProblems.NotFound();

    public static async Task<MonthlyDetail?> MonthlyDetailAsync(GuidanceDbContext db, int id, CancellationToken ct)
    {
        return await db.MonthlySnapshots.AsNoTracking().Where(s => s.Id == id).Select(s => new MonthlyDetail(
            new MonthlySummary(s.Id, s.Year, s.Month, s.GeneratedUtc),
            s.Lines.OrderBy(l => l.Rank).Select(l => new MonthlyReviewLineDto(l.UnitName, l.Assigned, l.ClosedOnTime, l.ClosedLate, l.Overdue, l.Open,
                l.OnTimePermille, l.OnTimePermilleChange, l.Rank, l.TypicalCasesReported, l.TypicalCasesQualified,
                l.TypicalCasesReportedInMonth, l.TypicalCasesQualifiedInMonth, l.PenaltiesInMonth, l.PenaltiesPublishedInMonth, l.ListsUpdatedInMonth)).ToList(),
            s.Overdue.OrderByDescending(o => o.DaysOverdue).Select(o => new MonthlyOverdueLineDto(o.UnitName, o.Title, o.DueDate, o.DaysOverdue)).ToList()))
            .FirstOrDefaultAsync(ct);
    }
}
