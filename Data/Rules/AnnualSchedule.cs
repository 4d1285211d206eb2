using System.Globalization;

namespace GuidanceBot.Data.Rules;

/// <summary>Where one unit's guidance visit stands.</summary>
/// <param name="PlannedMonth">Month of the planned visit, null when none is planned.</param>
/// <param name="Done">The visit took place.</param>
public sealed record UnitVisitStatus(int UnitId, string UnitName, int? PlannedMonth, bool Done);

/// <summary>One thing that puts the year's schedule at risk; <see cref="UnitId"/> null for the whole schedule.</summary>
/// <param name="Month">The month at risk (<see cref="AnnualSchedule.SameMonth"/>), else null.</param>
public sealed record ScheduleRisk(string Code, int? UnitId, DomainError Message, int? Month = null);

public sealed record ScheduleAssessment(int UnitsLeft, int MonthsLeft, IReadOnlyList<ScheduleRisk> Risks)
{
    public bool OnTrack => Risks.Count == 0;
}

/// <summary>
/// 年度内对各县区指导不少于一次，11月底前完成，原则上每月指导1个县区: every unit guided by 30 November,
/// about one unit a month.
/// </summary>
public static class AnnualSchedule
{
    public const int LastMonth = 11;

    public const string NoVisitPlanned = "schedule.no_visit_planned";
    public const string AfterNovember = "schedule.after_november";
    public const string MonthPassed = "schedule.month_passed";
    public const string TooFewMonths = "schedule.too_few_months";
    /// <summary>Two or more units left to visit in one month (原则上每月指导1个县区).</summary>
    public const string SameMonth = "schedule.same_month";
    /// <summary>No month is left before 30 November for a unit not yet visited.</summary>
    public const string Unreachable = "schedule.unreachable";

    public const string ChosenMonthPassed = "schedule.chosen_month_passed";
    public const string ChosenMonthAfterNovember = "schedule.chosen_month_after_november";
    public const string DeadlinePassed = "schedule.deadline_passed";

    /// <summary>
    /// Whether a visit may be planned (or moved) to <paramref name="month"/> of <paramref name="year"/> on
    /// <paramref name="today"/> (China): null when it may, else why not — the year's 30 November has
    /// passed (in December, or a past year), the month is after November, or the month has passed.
    /// These are refusals of a choice, not risks of a plan: nothing was planned yet.
    /// </summary>
    public static DomainError? CheckMonth(int year, int month, DateOnly today, CultureInfo? culture = null, string field = "month")
    {
        if (year < today.Year || (year == today.Year && today.Month > LastMonth))
        {
            return DomainError.Create(DeadlinePassed, culture, field, year);
        }
        if (month > LastMonth)
        {
            return DomainError.Create(ChosenMonthAfterNovember, culture, field, month);
        }
        if (year == today.Year && month < today.Month)
        {
            return DomainError.Create(ChosenMonthPassed, culture, field, month, today.Month);
        }
        return null;
    }

    /// <summary>
    /// Months for the units in the given order, from <paramref name="firstMonth"/>: one a month while
    /// months last (leaving the slack at the end of the year), else spread evenly, never past November.
    /// </summary>
    public static DomainResult<IReadOnlyList<(int UnitId, int Month)>> Assign(IReadOnlyList<int> unitIds, int firstMonth, CultureInfo? culture = null)
    {
        if (firstMonth is < 1 or > LastMonth)
        {
            return DomainError.Create("schedule.no_months_left", culture, "firstMonth", firstMonth);
        }

        var months = LastMonth - firstMonth + 1;
        var n = unitIds.Count;
        IReadOnlyList<(int, int)> plan = n <= months
            ? [.. unitIds.Select((id, i) => (id, firstMonth + i))]
            : [.. unitIds.Select((id, i) => (id, firstMonth + i * months / n))];
        return DomainResult<IReadOnlyList<(int UnitId, int Month)>>.From(plan);
    }

    /// <summary>What is at risk on <paramref name="today"/> (a China calendar date) for <paramref name="year"/>.</summary>
    public static ScheduleAssessment Assess(IEnumerable<UnitVisitStatus> units, int year, DateOnly today, CultureInfo? culture = null)
    {
        var list = units.ToList();
        var risks = new List<ScheduleRisk>();
        var currentMonth = today.Year < year ? 1 : today.Year > year ? 13 : today.Month;
        var monthsLeft = Math.Max(0, LastMonth - currentMonth + 1);
        var left = list.Where(u => !u.Done).ToList();

        foreach (var u in left)
        {
            if (monthsLeft == 0)
            {
                // 30 November has passed: whatever was planned, the unit can no longer be reached in time.
                risks.Add(new(Unreachable, u.UnitId, DomainError.Create(Unreachable, culture, null, u.UnitName, year)));
            }
            else if (u.PlannedMonth is null)
            {
                risks.Add(new(NoVisitPlanned, u.UnitId, DomainError.Create(NoVisitPlanned, culture, null, u.UnitName)));
            }
            else if (u.PlannedMonth > LastMonth)
            {
                risks.Add(new(AfterNovember, u.UnitId, DomainError.Create(AfterNovember, culture, null, u.UnitName, u.PlannedMonth)));
            }
            else if (u.PlannedMonth < currentMonth)
            {
                risks.Add(new(MonthPassed, u.UnitId, DomainError.Create(MonthPassed, culture, null, u.UnitName, u.PlannedMonth)));
            }
        }

        foreach (var month in left.Where(u => u.PlannedMonth is { } m && m >= currentMonth && m <= LastMonth).GroupBy(u => u.PlannedMonth!.Value)
                     .Where(g => g.Count() > 1).OrderBy(g => g.Key))
        {
            risks.Add(new(SameMonth, null, DomainError.Create(SameMonth, culture, null, month.Key, month.Count(), string.Join("、", month.Select(u => u.UnitName))), month.Key));
        }

        if (left.Count > monthsLeft)
        {
            risks.Add(new(TooFewMonths, null, DomainError.Create(TooFewMonths, culture, null, left.Count, monthsLeft)));
        }

        return new(left.Count, monthsLeft, risks);
    }
}
