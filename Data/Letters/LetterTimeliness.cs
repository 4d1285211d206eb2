using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Years;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Letters;

/// <summary>
/// When a visit's opinion letter is due (及时反馈): <paramref name="WorkingDays"/> working days (the year's setup) after the visit's
/// last day. <paramref name="IssuedOn"/> once issued; <see cref="Late"/> compares the day it was issued, or today while it is not.
/// </summary>
public sealed record LetterDue(DateOnly Due, int WorkingDays, DateOnly VisitEnd, DateOnly? IssuedOn)
{
    public bool Late(DateOnly today) => (IssuedOn ?? today) > Due;
}

/// <summary>
/// The one rule of the letter's timeliness, read by the nudges (city staff before, on and after the day), the visit card and
/// <c>GET /visits/{id}</c>. A letter is owed only by a visit done with a problem finding (a letter needs problems), and its due
/// day comes from the setup in force for the visit's year (none: no due day).
/// </summary>
public sealed class LetterTimeliness(GuidanceDbContext db, YearSetupQuery years, WorkingDayCalendar calendar)
{
    /// <summary>The visits that owe a letter, issued or not: done, with a last day and a problem finding.</summary>
    public static IQueryable<GuidanceVisit> Owing(IQueryable<GuidanceVisit> visits) =>
        visits.Where(v => v.Status == VisitStatus.Done && v.EndDate != null && v.Findings.Any(f => f.Outcome == FindingOutcome.Problem));

    /// <summary>The day the letter of a visit of <paramref name="year"/> that ended on <paramref name="visitEnd"/> is due, and the working days allowed.</summary>
    public async Task<(DateOnly Due, int WorkingDays)?> DueAsync(int year, DateOnly visitEnd, CancellationToken ct = default) =>
        (await years.InForceAsync(year, ct))?.LetterDueWorkingDays is { } days and > 0 ? (calendar.AddWorkingDays(visitEnd, days), days) : null;

    /// <summary>The letter's due day for visit <paramref name="visitId"/>, or null when it owes none (or no setup is in force).</summary>
    public async Task<LetterDue?> ForVisitAsync(int visitId, CancellationToken ct = default)
    {
        var visit = await Owing(db.Visits.AsNoTracking().Where(v => v.Id == visitId))
            .Select(v => new
            {
                v.Year, End = v.EndDate!.Value,
                IssuedOn = db.Letters.Where(l => l.GuidanceVisitId == v.Id && l.Status != LetterStatus.Draft).OrderBy(l => l.IssuedOn).Select(l => l.IssuedOn).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        return visit is not null && await DueAsync(visit.Year, visit.End, ct) is { } due
            ? new LetterDue(due.Due, due.WorkingDays, visit.End, visit.IssuedOn)
            : null;
    }
}
