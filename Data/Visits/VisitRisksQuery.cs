using System.Globalization;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Visits;

/// <summary>One active county-level unit and its visit of the year (the latest not cancelled: a done one first), if any.</summary>
public sealed record UnitVisitRow(int UnitId, string UnitCode, string UnitName, string? UnitNameEn, int? VisitId, int? PlannedMonth, VisitStatus? Status)
{
    public string DisplayName(CultureInfo culture) => culture.Name == "en-US" && UnitNameEn is { Length: > 0 } en ? en : UnitName;
}

/// <summary>One risk as a reader gets it: its code, the unit's code (a unit's risk), the month (a month's), the message in their language.</summary>
public sealed record VisitRiskLine(string Code, string? UnitCode, int? Month, string Message);

/// <summary>The year's visit schedule and what puts it at risk, as of <see cref="Today"/> (China).</summary>
public sealed record VisitRiskView(int Year, DateOnly Today, IReadOnlyList<UnitVisitRow> Units, ScheduleAssessment Assessment)
{
    /// <summary>The risks, each with its unit's code (the API's visit risks and the city's status).</summary>
    public IReadOnlyList<VisitRiskLine> Lines()
    {
        var codes = Units.ToDictionary(u => u.UnitId, u => u.UnitCode);
        return [.. Assessment.Risks.Select(r => new VisitRiskLine(r.Code, r.UnitId is { } id ? codes.GetValueOrDefault(id) : null, r.Month, r.Message.Message))];
    }
}

/// <summary>
/// The risk view of the year's visits — units without a visit, a month passed, two units in one month, a unit that cannot be
/// reached by 30 November, too few months — from <see cref="AnnualSchedule.Assess"/> (the deadline read through
/// <see cref="AnnualSchedule"/>), for the schedule card, the status card and <c>GET /api/v1/years/{year}/visit-risks</c> alike.
/// </summary>
public sealed class VisitRisksQuery(GuidanceDbContext db, TimeProvider time)
{
    public async Task<VisitRiskView> LoadAsync(int year, CultureInfo culture, CancellationToken ct = default)
    {
        var today = time.ChinaToday();
        var units = await db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.County && u.IsActive).OrderBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Code, u.Name, u.NameEn }).ToListAsync(ct);
        var visits = await db.Visits.AsNoTracking().Where(v => v.Year == year && v.Status != VisitStatus.Cancelled)
            .Select(v => new { v.Id, v.UnitId, v.PlannedMonth, v.Status }).ToListAsync(ct);
        var rows = units.Select(u =>
        {
            var v = visits.Where(x => x.UnitId == u.Id).OrderByDescending(x => x.Status == VisitStatus.Done).ThenByDescending(x => x.Id).FirstOrDefault();
            return new UnitVisitRow(u.Id, u.Code, u.Name, u.NameEn, v?.Id, v?.PlannedMonth, v?.Status);
        }).ToList();
        var assessment = AnnualSchedule.Assess(
            rows.Select(r => new UnitVisitStatus(r.UnitId, r.DisplayName(culture), r.PlannedMonth, r.Status == VisitStatus.Done)), year, today, culture);
        return new VisitRiskView(year, today, rows, assessment);
    }
}
