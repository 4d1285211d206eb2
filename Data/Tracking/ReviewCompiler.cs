using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tracking;

/// <summary>
/// Compiles the weekly assignment (周交办) and the monthly review (月讲评) from the assignment items.
/// Snapshots are written once per week / month and never changed: compiling again returns the stored one.
/// </summary>
public sealed class ReviewCompiler(GuidanceDbContext db, TimeProvider time)
{
    /// <summary>The list for the week starting on <paramref name="monday"/>: everything open that day.</summary>
    public async Task<WeeklyAssignmentSnapshot> CompileWeeklyAsync(DateOnly monday, CancellationToken ct = default)
    {
        var existing = await db.WeeklySnapshots.Include(s => s.Lines).Include(s => s.Cases).FirstOrDefaultAsync(s => s.WeekStart == monday, ct);
        if (existing is not null)
        {
            return existing;
        }

        var lastWeek = monday.AddDays(-7);
        var units = await CountyUnitsAsync(ct);
        var open = await db.Assignments.AsNoTracking()
            .Where(a => a.AssignedOn <= monday && (a.ClosedOn == null || a.ClosedOn > monday))
            .ToListAsync(ct);

        var lines = open
            .Where(a => units.ContainsKey(a.UnitId))
            .OrderBy(a => units[a.UnitId].SortOrder).ThenBy(a => a.DueDate).ThenBy(a => a.Id)
            .Select((a, i) => new WeeklyAssignmentLine
            {
                Order = i + 1,
                AssignmentItemId = a.Id,
                UnitId = a.UnitId,
                UnitName = units[a.UnitId].Name,
                Kind = a.Kind,
                Title = a.Title,
                OwnerName = a.OwnerName,
                DueDate = a.DueDate,
                Status = a.DueDate < monday ? AssignmentLineStatus.Overdue
                       : a.AssignedOn > lastWeek ? AssignmentLineStatus.New
                       : AssignmentLineStatus.Open,
            })
            .ToList();

        var serial = 1 + await db.WeeklySnapshots.CountAsync(s => s.Year == monday.Year, ct);
        var snapshot = new WeeklyAssignmentSnapshot
        {
            Year = monday.Year,
            Serial = serial,
            WeekStart = monday,
            GeneratedUtc = time.GetUtcNow().UtcDateTime,
            Lines = lines,
            Cases = await WeeklyCasesAsync(monday, units, ct),
        };
        db.WeeklySnapshots.Add(snapshot);
        await db.SaveChangesAsync(ct);
        return snapshot;
    }

    /// <summary>
    /// The review of one month, as it stood at the month's last day: per unit what was assigned, closed on
    /// time or late, overdue and still open; the on-time rate and its change from the previous review; a ranking.
    /// </summary>
    public async Task<MonthlyReviewSnapshot> CompileMonthlyAsync(int year, int month, CancellationToken ct = default)
    {
        var existing = await db.MonthlySnapshots.Include(s => s.Lines).Include(s => s.Overdue)
            .FirstOrDefaultAsync(s => s.Year == year && s.Month == month, ct);
        if (existing is not null)
        {
            return existing;
        }

        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var units = await CountyUnitsAsync(ct);
        var items = await db.Assignments.AsNoTracking()
            .Where(a => a.AssignedOn <= last && (a.ClosedOn == null || a.ClosedOn >= first))
            .ToListAsync(ct);
        // Judged dates are UTC instants; the month is China's (UTC+8). A qualified case with no judged date
        // (entered before judgements were recorded) counts as judged in time.
        var monthStartUtc = ChinaMidnightUtc(first);
        var monthEndUtc = ChinaMidnightUtc(last.AddDays(1));
        var cases = await db.TypicalCases.AsNoTracking()
            .Where(c => c.Year == year && c.ReportedOn <= last)
            .GroupBy(c => c.UnitId)
            .Select(g => new
            {
                UnitId = g.Key,
                Reported = g.Count(),
                Qualified = g.Count(c => c.Qualification == CaseQualification.Qualified && (c.JudgedUtc == null || c.JudgedUtc < monthEndUtc)),
                ReportedInMonth = g.Count(c => c.ReportedOn >= first),
                QualifiedInMonth = g.Count(c => c.Qualification == CaseQualification.Qualified && c.JudgedUtc >= monthStartUtc && c.JudgedUtc < monthEndUtc),
            })
            .ToDictionaryAsync(x => x.UnitId, ct);
        var progress = (await TeamFigures.TeamFiguresWorkflow.CurrentProgress(db, year, null).Where(p => p.Month == month).ToListAsync(ct))
            .ToDictionary(p => p.UnitId);
        var previous = await db.MonthlySnapshots.AsNoTracking()
            .Where(s => s.Year == first.AddMonths(-1).Year && s.Month == first.AddMonths(-1).Month)
            .SelectMany(s => s.Lines)
            .ToDictionaryAsync(l => l.UnitId, l => l.OnTimePermille, ct);

        static bool OpenAt(AssignmentItem a, DateOnly day) => a.ClosedOn is null || a.ClosedOn > day;

        var lines = units.Values.Select(u =>
        {
            var mine = items.Where(a => a.UnitId == u.Id).ToList();
            var closed = mine.Where(a => a.ClosedOn >= first && a.ClosedOn <= last).ToList();
            var line = new MonthlyReviewLine
            {
                UnitId = u.Id,
                UnitName = u.Name,
                Assigned = mine.Count(a => a.AssignedOn >= first),
                ClosedOnTime = closed.Count(a => a.ClosedOn <= a.DueDate),
                ClosedLate = closed.Count(a => a.ClosedOn > a.DueDate),
                Overdue = mine.Count(a => OpenAt(a, last) && a.DueDate < last),
                Open = mine.Count(a => OpenAt(a, last) && a.DueDate >= last),
                TypicalCasesReported = cases.TryGetValue(u.Id, out var c) ? c.Reported : 0,
                TypicalCasesQualified = c?.Qualified ?? 0,
                TypicalCasesReportedInMonth = c?.ReportedInMonth ?? 0,
                TypicalCasesQualifiedInMonth = c?.QualifiedInMonth ?? 0,
                PenaltiesInMonth = progress.GetValueOrDefault(u.Id)?.PenaltiesDecided,
                PenaltiesPublishedInMonth = progress.GetValueOrDefault(u.Id)?.PenaltiesPublishedInCreditSystem,
                ListsUpdatedInMonth = progress.GetValueOrDefault(u.Id) is { } p
                    ? new[] { p.EnterpriseListUpdatedOn, p.StaffListUpdatedOn, p.MatterListUpdatedOn }.Count(d => d >= first && d <= last)
                    : null,
            };
            var due = line.ClosedOnTime + line.ClosedLate + line.Overdue;
            line.OnTimePermille = Rates.Permille(line.ClosedOnTime, due);
            line.OnTimePermilleChange = line.OnTimePermille is { } now && previous.TryGetValue(u.Id, out var before) && before is { } was
                ? now - was
                : null;
            return (Line: line, u.SortOrder);
        }).ToList();

        // Rank: higher on-time rate first (units with nothing due count as fully on time), then fewer overdue.
        // Equal figures share a rank (1, 1, 3).
        var ordered = lines
            .OrderByDescending(x => x.Line.OnTimePermille ?? 1000)
            .ThenBy(x => x.Line.Overdue)
            .ThenBy(x => x.SortOrder)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var same = i > 0
                && (ordered[i].Line.OnTimePermille ?? 1000) == (ordered[i - 1].Line.OnTimePermille ?? 1000)
                && ordered[i].Line.Overdue == ordered[i - 1].Line.Overdue;
            ordered[i].Line.Rank = same ? ordered[i - 1].Line.Rank : i + 1;
        }

        var overdue = items
            .Where(a => units.ContainsKey(a.UnitId) && OpenAt(a, last) && a.DueDate < last)
            .OrderBy(a => a.DueDate).ThenBy(a => units[a.UnitId].SortOrder)
            .Select(a => new MonthlyOverdueLine
            {
                AssignmentItemId = a.Id,
                UnitId = a.UnitId,
                UnitName = units[a.UnitId].Name,
                Title = a.Title,
                DueDate = a.DueDate,
                DaysOverdue = last.DayNumber - a.DueDate.DayNumber,
            })
            .ToList();

        var snapshot = new MonthlyReviewSnapshot
        {
            Year = year,
            Month = month,
            GeneratedUtc = time.GetUtcNow().UtcDateTime,
            Lines = ordered.Select(x => x.Line).ToList(),
            Overdue = overdue,
        };
        db.MonthlySnapshots.Add(snapshot);
        await db.SaveChangesAsync(ct);
        return snapshot;
    }

    /// <summary>Each county unit's typical cases as at 00:00 (China) of <paramref name="monday"/>; see <see cref="WeeklyCaseLine"/>.</summary>
    private async Task<List<WeeklyCaseLine>> WeeklyCasesAsync(DateOnly monday, Dictionary<int, OrgUnit> units, CancellationToken ct)
    {
        var startUtc = ChinaMidnightUtc(monday);
        var weekBeforeUtc = ChinaMidnightUtc(monday.AddDays(-7));
        var counts = await db.TypicalCases.AsNoTracking()
            .Where(c => c.CreatedUtc < startUtc)
            .GroupBy(c => c.UnitId)
            .Select(g => new
            {
                UnitId = g.Key,
                LastWeek = g.Count(c => c.CreatedUtc >= weekBeforeUtc),
                Awaiting = g.Count(c => c.Qualification == CaseQualification.Pending || c.JudgedUtc >= startUtc),
                Reported = g.Count(c => c.Year == monday.Year),
                Qualified = g.Count(c => c.Year == monday.Year && c.Qualification == CaseQualification.Qualified && (c.JudgedUtc == null || c.JudgedUtc < startUtc)),
            })
            .ToDictionaryAsync(x => x.UnitId, ct);
        return units.Values.OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u =>
        {
            var c = counts.GetValueOrDefault(u.Id);
            return new WeeklyCaseLine
            {
                UnitId = u.Id,
                UnitName = u.Name,
                ReportedLastWeek = c?.LastWeek ?? 0,
                AwaitingJudgement = c?.Awaiting ?? 0,
                ReportedInYear = c?.Reported ?? 0,
                QualifiedInYear = c?.Qualified ?? 0,
            };
        }).ToList();
    }

    /// <summary>00:00 of <paramref name="day"/> in China (UTC+8, no daylight saving) as a UTC instant.</summary>
    private static DateTime ChinaMidnightUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);

    private Task<Dictionary<int, OrgUnit>> CountyUnitsAsync(CancellationToken ct) =>
        db.Units.AsNoTracking().Where(u => u.Level == UnitLevel.County && u.IsActive).ToDictionaryAsync(u => u.Id, ct);
}
