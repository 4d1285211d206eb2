using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Years;

/// <summary>Whether next year is ready: its working-day calendar and its published setup.</summary>
public sealed record YearReadiness(int Year, bool HasCalendar, bool HasPublishedSetup)
{
    public bool Ready => HasCalendar && HasPublishedSetup;
}

/// <summary>
/// What the rest of the system reads of a year's setup: the nudges' dates, and whether a year is ready. The one place
/// that asks whether a year has a calendar (<see cref="Readiness"/>), so moving calendars elsewhere changes one line.
/// </summary>
public sealed class YearSetupQuery(GuidanceDbContext db, WorkingDayCalendar calendar)
{
    /// <summary>The year's published setup, or null (a draft is not in force).</summary>
    public Task<YearSetup?> PublishedAsync(int year, CancellationToken ct = default) =>
        db.YearSetups.AsNoTracking().FirstOrDefaultAsync(s => s.Year == year && s.Status == YearSetupStatus.Published, ct);

    /// <summary>
    /// The setup in force in <paramref name="year"/>: its own once published, else the latest published before it (its numbers —
    /// the progress day, the letter's working days — still hold until the new year is published).
    /// </summary>
    public Task<YearSetup?> InForceAsync(int year, CancellationToken ct = default) =>
        db.YearSetups.AsNoTracking().Where(s => s.Year <= year && s.Status == YearSetupStatus.Published)
            .OrderByDescending(s => s.Year).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The report deadline a new opinion letter starts with: the setup in force's <see cref="YearSetup.RectificationWorkingDays"/>
    /// working days after <paramref name="issuedOn"/>; null without a setup in force. A default offered, not a rule: the letter's
    /// own deadline is what the city enters and the letter workflow checks.
    /// </summary>
    public async Task<DateOnly?> DefaultReportDeadlineAsync(int year, DateOnly issuedOn, CancellationToken ct = default) =>
        (await InForceAsync(year, ct))?.RectificationWorkingDays is { } days and > 0 ? calendar.AddWorkingDays(issuedOn, days) : null;

    public Task<bool> ExistsAsync(int year, CancellationToken ct = default) => db.YearSetups.AnyAsync(s => s.Year == year, ct);

    public async Task<YearReadiness> ReadinessAsync(int year, CancellationToken ct = default) =>
        new(year, calendar.HasArrangement(year), await db.YearSetups.AnyAsync(s => s.Year == year && s.Status == YearSetupStatus.Published, ct));
}
