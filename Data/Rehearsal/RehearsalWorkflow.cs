using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Data.Rehearsal;

/// <summary>A step of the rehearsal clock as entered: some days forward, or forward to a date (yyyy-MM-dd), as text.</summary>
public sealed record RehearsalStep(string? Days, string? To);

/// <summary>
/// Moving the rehearsal clock forward, from the admin's rehearsal card: the city admin only, while a rehearsal is on;
/// 1–<see cref="MaxDays"/> days, or to a later date (the same time of day); never back. Audited, so the rehearsal's record
/// shows when time jumped.
/// </summary>
public sealed class RehearsalWorkflow(GuidanceDbContext db, TimeProvider time)
{
    public const string StepAction = "rehearsal.step";
    public const int MaxDays = 366;
    public const string DaysField = "days", ToField = "to";

    public RehearsalClock? Clock => time as RehearsalClock;

    public async Task<WorkflowResult> StepAsync(RehearsalStep step, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (actor.Role != PersonRole.CityAdmin)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_admin_only", culture));
        }
        if (Clock is not { } clock)
        {
            return WorkflowResult.Refused(DomainError.Create("rehearsal.off", culture));
        }

        var now = clock.GetUtcNow();
        var today = clock.ChinaToday();
        TimeSpan by;
        if (!string.IsNullOrWhiteSpace(step.To))
        {
            if (!DateOnly.TryParseExact(step.To.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || !FieldLimits.IsDate(to))
            {
                return WorkflowResult.Refused(DomainError.Create("calendar.date_malformed", culture, ToField, step.To.Trim()));
            }
            if (to <= today)
            {
                return WorkflowResult.Refused(DomainError.Create("rehearsal.not_later", culture, ToField, Day(today)));
            }
            by = TimeSpan.FromDays(to.DayNumber - today.DayNumber);
        }
        else if (int.TryParse(step.Days, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxDays)
        {
            by = TimeSpan.FromDays(days);
        }
        else
        {
            return WorkflowResult.Refused(DomainError.Create("rehearsal.days", culture, DaysField, MaxDays));
        }

        clock.Advance(by);
        var after = clock.GetUtcNow();
        db.AuditLog.Add(AuditEntries.For(actor, StepAction, "RehearsalClock", 0, null, after.UtcDateTime,
            details: $"{ChinaTime.Local(now.UtcDateTime):yyyy-MM-dd HH:mm} → {ChinaTime.Local(after.UtcDateTime):yyyy-MM-dd HH:mm}"));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return WorkflowResult.Done(null, Day(clock.ChinaToday()));
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
