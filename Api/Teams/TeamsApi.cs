using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Status;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Api.Teams;

public sealed record TeamFiguresRequest(
    int? ApprovedPosts, int? StaffOnPost, int? CertifiedStaff, string? Note,
    int? EducationPostgraduate, int? EducationBachelor, int? EducationCollege, int? EducationOther, int? RelatedFieldOfStudy,
    int? AgeUnder35, int? Age35To49, int? Age50AndOver, int? Men, int? Women);

public sealed record TrainingRequest(DateOnly? HeldOn, string? Topic, decimal? Hours, int? Participants);

/// <summary>
/// A month's progress (三.1): the counts, the penalties published in the national enterprise credit system, and the day each list of the
/// provincial system (enterprises, staff, matters) was last brought up to date as at the month's end.
/// </summary>
public sealed record ProgressRequest(int? InspectionsDone, int? PenaltiesDecided, int? RecordsEntered, int? DoubleRandomPublished,
    int? PenaltiesPublished = null, DateOnly? EnterpriseListUpdatedOn = null, DateOnly? StaffListUpdatedOn = null, DateOnly? MatterListUpdatedOn = null);

/// <summary>The unit's current team figures with the ratios, the training and progress summaries of the year.</summary>
public sealed record TeamDto(string UnitCode, int Year, TeamStatusSummary Team);

/// <summary>A month's current report and every filing of it, newest first.</summary>
public sealed record ProgressMonthDto(string UnitCode, int Year, int Month, ProgressLine? Current, IReadOnlyList<ProgressLine> Filings);

/// <summary>
/// 执法队伍建设 and 执行情况 of a unit: team figures (history kept), training sessions, monthly progress.
/// Writes go through <see cref="TeamFiguresWorkflow"/>, the bot's cards' rule too; a liaison sees and files
/// only for their unit (another unit is a 404), city staff read every unit and file nothing.
/// </summary>
public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/teams/{code}").WithTags("Team and progress");
        group.MapGet("/", CurrentAsync).WithSummary("Current team figures and ratios, the year's training and progress (year defaults to this year)");
        group.MapGet("/figures", HistoryAsync).WithSummary("Every team filing, newest first, paged");
        group.MapPost("/figures", FileFiguresAsync).RequireAuthorization(ApiAuth.County).WithSummary("File the team figures (a new row; the latest is current)");
        group.MapGet("/training", TrainingAsync).WithSummary("The year's training sessions, paged");
        group.MapPost("/training", AddTrainingAsync).RequireAuthorization(ApiAuth.County).WithSummary("Record a training session");
        group.MapGet("/progress", ProgressAsync).WithSummary("The year's months: the current report of each, paged");
        group.MapGet("/progress/{year:int}/{month:int}", ProgressMonthAsync).WithSummary("A month's current report and its filings");
        group.MapPost("/progress/{year:int}/{month:int}", ReportProgressAsync).RequireAuthorization(ApiAuth.County).WithSummary("Report (or correct) a month's progress");
        return api;
    }

    private static async Task<Results<Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> CurrentAsync(
        string code, int? year, Caller caller, YearStatusQuery query, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        var y = year ?? query.ChinaToday.Year;
        var v = new Validator();
        v.Year("year", y);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var detail = await query.UnitDetailAsync(y, unitId, ct);
        return detail is null ? ApiProblems.NotFound() : TypedResults.Ok(new TeamDto(detail.Summary.UnitCode, y, detail.Summary.Team));
    }

    private static async Task<Results<Ok<Paged<TeamFiguresSummary>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string code, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        page.Validate(v);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return TypedResults.Ok(await db.TeamFigures.AsNoTracking().Where(f => f.UnitId == unitId).OrderByDescending(f => f.Id)
            .Select(f => new TeamFiguresSummary(f.Id, f.ReportedUtc, f.ApprovedPosts, f.StaffOnPost, f.CertifiedStaff, f.Note,
                f.EducationPostgraduate, f.EducationBachelor, f.EducationCollege, f.EducationOther, f.RelatedFieldOfStudy,
                f.AgeUnder35, f.Age35To49, f.Age50AndOver, f.Men, f.Women))
            .ToPagedAsync(page, ct));
    }

    private static async Task<Results<Created<TeamFiguresSummary>, ValidationProblem, ProblemHttpResult>> FileFiguresAsync(
        string code, TeamFiguresRequest? body, Caller caller, TeamFiguresWorkflow workflow, GuidanceDbContext db, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.FileFiguresAsync(caller.ToActor(), unitId, new TeamFiguresInput(
            body.ApprovedPosts, body.StaffOnPost, body.CertifiedStaff, body.Note,
            body.EducationPostgraduate, body.EducationBachelor, body.EducationCollege, body.EducationOther, body.RelatedFieldOfStudy,
            body.AgeUnder35, body.Age35To49, body.Age50AndOver, body.Men, body.Women), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        var f = await db.TeamFigures.AsNoTracking().FirstAsync(x => x.Id == result.Id, ct);
        return TypedResults.Created($"/api/v1/teams/{code}/figures/{f.Id}", new TeamFiguresSummary(f.Id, f.ReportedUtc, f.ApprovedPosts, f.StaffOnPost,
            f.CertifiedStaff, f.Note, f.EducationPostgraduate, f.EducationBachelor, f.EducationCollege, f.EducationOther, f.RelatedFieldOfStudy,
            f.AgeUnder35, f.Age35To49, f.Age50AndOver, f.Men, f.Women));
    }

    private static async Task<Results<Ok<Paged<TrainingLine>>, ValidationProblem, ProblemHttpResult>> TrainingAsync(
        string code, int? year, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        page.Validate(v);
        var y = v.Year("year", year ?? ChinaYear(time));
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
        return TypedResults.Ok(await db.TrainingSessions.AsNoTracking()
            .Where(t => t.UnitId == unitId && t.HeldOn >= from && t.HeldOn <= to)
            .OrderByDescending(t => t.HeldOn).ThenByDescending(t => t.Id)
            .Select(t => new TrainingLine(t.Id, t.HeldOn, t.Topic, t.Hours, t.Participants, t.ReportedUtc))
            .ToPagedAsync(page, ct));
    }

    private static async Task<Results<Created<TrainingLine>, ValidationProblem, ProblemHttpResult>> AddTrainingAsync(
        string code, TrainingRequest? body, Caller caller, TeamFiguresWorkflow workflow, GuidanceDbContext db, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.AddTrainingAsync(caller.ToActor(), unitId, new TrainingInput(body.HeldOn, body.Topic, body.Hours, body.Participants), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        var t = await db.TrainingSessions.AsNoTracking().Where(x => x.Id == result.Id)
            .Select(t => new TrainingLine(t.Id, t.HeldOn, t.Topic, t.Hours, t.Participants, t.ReportedUtc)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/teams/{code}/training/{t.Id}", t);
    }

    private static async Task<Results<Ok<Paged<ProgressLine>>, ValidationProblem, ProblemHttpResult>> ProgressAsync(
        string code, int? year, [AsParameters] PageQuery page, Caller caller, GuidanceDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        page.Validate(v);
        var y = v.Year("year", year ?? ChinaYear(time));
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        return TypedResults.Ok(await TeamFiguresWorkflow.CurrentProgress(db, y, unitId).OrderByDescending(p => p.Month)
            .Select(ToLine(db)).ToPagedAsync(page, ct));
    }

    private static async Task<Results<Ok<ProgressMonthDto>, ValidationProblem, ProblemHttpResult>> ProgressMonthAsync(
        string code, int year, int month, Caller caller, GuidanceDbContext db, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        var v = new Validator();
        v.Year("year", year);
        v.Range("month", month, 1, 12);
        if (!v.IsValid)
        {
            return ApiProblems.Invalid(v.Errors);
        }
        var filings = await db.EnforcementProgress.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year && p.Month == month)
            .OrderByDescending(p => p.Id).Select(ToLine(db)).ToListAsync(ct);
        return TypedResults.Ok(new ProgressMonthDto(code.Trim(), year, month, filings.FirstOrDefault(), filings));
    }

    private static async Task<Results<Created<ProgressLine>, ValidationProblem, ProblemHttpResult>> ReportProgressAsync(
        string code, int year, int month, ProgressRequest? body, Caller caller, TeamFiguresWorkflow workflow, GuidanceDbContext db, CancellationToken ct)
    {
        if (caller.VisibleUnitId(code) is not { } unitId)
        {
            return ApiProblems.NotFound();
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", ApiText.Get("body.required"));
        }
        var result = await workflow.ReportProgressAsync(caller.ToActor(), unitId,
            new ProgressInput(year, month, body.InspectionsDone, body.PenaltiesDecided, body.RecordsEntered, body.DoubleRandomPublished,
                body.PenaltiesPublished, body.EnterpriseListUpdatedOn, body.StaffListUpdatedOn, body.MatterListUpdatedOn), ct);
        if (!result.Succeeded)
        {
            return result.Invalid() is { } invalid ? invalid : result.Problem();
        }
        var line = await db.EnforcementProgress.AsNoTracking().Where(p => p.Id == result.Id).Select(ToLine(db)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/teams/{code}/progress/{year}/{month}", line);
    }

    private static System.Linq.Expressions.Expression<Func<Data.TeamFigures.EnforcementProgressReport, ProgressLine>> ToLine(GuidanceDbContext db) => p =>
        new ProgressLine(p.Id, p.Year, p.Month, p.InspectionsDone, p.PenaltiesDecided, p.RecordsEnteredInProvincialSystem, p.DoubleRandomResultsPublished,
            p.ReportedUtc, db.EnforcementProgress.Count(q => q.UnitId == p.UnitId && q.Year == p.Year && q.Month == p.Month),
            p.PenaltiesPublishedInCreditSystem, p.EnterpriseListUpdatedOn, p.StaffListUpdatedOn, p.MatterListUpdatedOn);

    private static int ChinaYear(TimeProvider time) => time.ChinaToday().Year;

}
