using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Calendars;

/// <summary>The notice a year follows, as entered (dates as text: the workflow reads them).</summary>
public sealed record CalendarSourceInput(string? Title, string? DocumentNumber, string? Issued, string? Url);

/// <summary>One run of days off as entered: the holiday's name, its first and last day (yyyy-MM-dd).</summary>
public sealed record CalendarDayOffInput(string? Name, string? First, string? Last);

/// <summary>
/// A year's calendar as the API's body and the card send it — the shipped files' shape: the notice, the runs of days off,
/// the make-up working days. Every value is raw text; <see cref="CalendarWorkflow"/> reads and checks it.
/// </summary>
public sealed record CalendarInput(int Year, CalendarSourceInput? Source, IReadOnlyList<CalendarDayOffInput?>? DaysOff, IReadOnlyList<string?>? ExtraWorkingDays);

/// <summary>The workflow's field names (the API's JSON paths; the card maps each row's field to its text area).</summary>
public static class CalendarFields
{
    public const string Year = "year", Title = "source.title", DocumentNumber = "source.documentNumber", Issued = "source.issued", Url = "source.url";
    public const string DaysOff = "daysOff", ExtraWorkingDays = "extraWorkingDays";

    public static string DayOff(int index, string part) => $"daysOff[{index}].{part}";

    public static string ExtraWorkingDay(int index) => $"extraWorkingDays[{index}]";

    /// <summary>The list a field belongs to (<c>daysOff[2].last</c> → <c>daysOff</c>): the card's input for it.</summary>
    public static string Input(string field) => field.IndexOf('[') is > 0 and var i ? field[..i] : field;
}

/// <summary>
/// Entering or correcting a year's holiday arrangement, for both doors (<c>PUT /api/v1/calendars/{year}</c> and the
/// calendar card): the city admin only; every field checked at once (<see cref="Check"/>, the same rules the shipped
/// files are read with); the year's row replaced whole and marked <see cref="CalendarOrigin.Entered"/> (kept over the
/// shipped file from then on); audited; then the in-memory working-day calendar is reloaded, so nudges and due dates
/// follow the change without a restart.
/// </summary>
public sealed class CalendarWorkflow(GuidanceDbContext db, CalendarStore store, TimeProvider time)
{
    public const string SaveAction = "calendar.save";

    public async Task<WorkflowResult> SaveAsync(CalendarInput input, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (actor.Role != PersonRole.CityAdmin)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_admin_only", culture));
        }

        var check = new InputCheck(culture);
        var year = Read(input, check, store.Calendar);
        if (!check.IsValid || year is null)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var row = await db.HolidayCalendars.Include(c => c.DaysOff).Include(c => c.ExtraWorkingDays)
                .FirstOrDefaultAsync(c => c.Year == year.Year, ct);
            var before = row is null ? null : CalendarStore.ToYear(row);
            if (row is null)
            {
                row = new HolidayCalendar { Year = year.Year };
                db.HolidayCalendars.Add(row);
            }
            CalendarStore.Fill(row, year);
            row.Origin = CalendarOrigin.Entered;
            row.UpdatedById = actor.PersonId;
            row.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);

            db.AuditLog.Add(AuditEntries.For(actor, SaveAction, nameof(HolidayCalendar), row.Id, null, row.UpdatedUtc,
                details: Describe(before, year)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            var version = row.Version;
            db.ChangeTracker.Clear();
            await store.ReloadAsync(db, ct);
            return WorkflowResult.Done(version, null, row.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The input read into a year, each bad field refused in <paramref name="check"/>; null when the year itself is refused.</summary>
    private static CalendarYear? Read(CalendarInput input, InputCheck check, WorkingDayCalendar stored)
    {
        if (input.Year is < CalendarLimits.MinYear or > CalendarLimits.MaxYear)
        {
            check.Add("calendar.year", CalendarFields.Year, CalendarLimits.MinYear, CalendarLimits.MaxYear);
            return null;
        }

        var source = input.Source ?? new CalendarSourceInput(null, null, null, null);
        var title = check.Text(CalendarFields.Title, source.Title, CalendarLimits.TitleMax);
        var number = check.Text(CalendarFields.DocumentNumber, source.DocumentNumber, CalendarLimits.DocumentNumberMax, required: false);
        var issued = ReadDate(source.Issued, CalendarFields.Issued, check);
        var url = check.Url(CalendarFields.Url, source.Url, FieldLimits.UrlMax, required: false);

        var holidays = new List<CalendarHoliday?>();
        var rows = input.DaysOff ?? [];
        if (rows.Count == 0)
        {
            check.Add("calendar.days_off_required", CalendarFields.DaysOff);
        }
        else if (rows.Count > CalendarLimits.MaxDaysOff)
        {
            check.Add("calendar.too_many", CalendarFields.DaysOff, CalendarLimits.MaxDaysOff);
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i] ?? new CalendarDayOffInput(null, null, null);
                var name = check.Text(CalendarFields.DayOff(i, "name"), row.Name, CalendarLimits.NameMax);
                var first = ReadDate(row.First, CalendarFields.DayOff(i, "first"), check, required: true);
                var last = ReadDate(row.Last, CalendarFields.DayOff(i, "last"), check, required: true);
                // A row that cannot be read keeps its place (null), so later rows keep their index in the field names.
                holidays.Add(name is not null && first is not null && last is not null ? new CalendarHoliday(name, first.Value, last.Value) : null);
            }
        }

        var extra = new List<DateOnly?>();
        var days = input.ExtraWorkingDays ?? [];
        if (days.Count > CalendarLimits.MaxExtraWorkingDays)
        {
            check.Add("calendar.too_many", CalendarFields.ExtraWorkingDays, CalendarLimits.MaxExtraWorkingDays);
        }
        else
        {
            for (var i = 0; i < days.Count; i++)
            {
                extra.Add(ReadDate(days[i], CalendarFields.ExtraWorkingDay(i), check, required: true));
            }
        }

        foreach (var error in Check(input.Year, holidays, extra, check.Culture))
        {
            check.Add(error);
        }
        // A neighbouring year may reach into this one (元旦 from 31 December): the two must not disagree on a day.
        CheckNeighbours(input.Year, holidays, extra, stored, check);
        return Build(input.Year, [.. holidays.OfType<CalendarHoliday>()], extra.OfType<DateOnly>(),
            title is null ? null : new CalendarSource(title, number, issued, url is null ? null : new Uri(url)));
    }

    /// <summary>A year from its runs of days off and its make-up days (the days of each run, first to last).</summary>
    public static CalendarYear Build(int year, IReadOnlyList<CalendarHoliday> holidays, IEnumerable<DateOnly> extraWorkingDays, CalendarSource? source)
    {
        var off = new HashSet<DateOnly>();
        foreach (var h in holidays.Where(h => h.First <= h.Last && h.Last.DayNumber - h.First.DayNumber < 366))
        {
            for (var d = h.First; d <= h.Last; d = d.AddDays(1))
            {
                off.Add(d);
            }
        }
        return new CalendarYear(year, off, extraWorkingDays.ToHashSet()) { Holidays = holidays, Source = source };
    }

    /// <summary>
    /// The rules of one year's arrangement, for what a person enters and for the shipped files alike: a run ends on or after
    /// its first day, within the year, no longer than <see cref="CalendarLimits.MaxRunDays"/>, and begins in the year or in
    /// the December before (元旦 from 31 December stays in its notice's year); runs do not overlap; a make-up working day is
    /// a Saturday or a Sunday of the year (or of the December before) and not also a day off. Fields are
    /// <see cref="CalendarFields"/>, indexed as given.
    /// </summary>
    /// <param name="holidays">The runs as given; null where a row could not be read (its index still counts).</param>
    /// <param name="extraWorkingDays">The make-up days as given; null where one could not be read.</param>
    public static IReadOnlyList<DomainError> Check(int calendarYear, IReadOnlyList<CalendarHoliday?> holidays, IReadOnlyList<DateOnly?> extraWorkingDays, CultureInfo? culture)
    {
        var errors = new List<DomainError>();
        var earliest = CalendarLimits.Earliest(calendarYear);
        var latest = new DateOnly(calendarYear, 12, 31);
        var daysOff = Build(calendarYear, [.. holidays.OfType<CalendarHoliday>()], [], null).DaysOff;
        for (var i = 0; i < holidays.Count; i++)
        {
            if (holidays[i] is not { } h)
            {
                continue;
            }
            var (first, last) = (Day(h.First), Day(h.Last));
            if (h.Last < h.First)
            {
                errors.Add(DomainError.Create("calendar.range_reversed", culture, CalendarFields.DayOff(i, "last"), h.Name ?? "", first, last));
            }
            else if (h.First < earliest || h.Last > latest || h.Last.Year != calendarYear)
            {
                errors.Add(DomainError.Create("calendar.range_outside", culture, CalendarFields.DayOff(i, h.First < earliest ? "first" : "last"), h.Name ?? "", first, last, calendarYear));
            }
            else if (h.Last.DayNumber - h.First.DayNumber + 1 > CalendarLimits.MaxRunDays)
            {
                errors.Add(DomainError.Create("calendar.range_too_long", culture, CalendarFields.DayOff(i, "last"), h.Name ?? "", CalendarLimits.MaxRunDays));
            }
            else if (holidays.Take(i).OfType<CalendarHoliday>().FirstOrDefault(o => o.First <= o.Last && o.First <= h.Last && h.First <= o.Last) is { } other)
            {
                errors.Add(DomainError.Create("calendar.range_overlap", culture, CalendarFields.DayOff(i, "first"), h.Name ?? "", other.Name ?? ""));
            }
        }

        for (var i = 0; i < extraWorkingDays.Count; i++)
        {
            if (extraWorkingDays[i] is not { } d)
            {
                continue;
            }
            var field = CalendarFields.ExtraWorkingDay(i);
            if (d < earliest || d > latest)
            {
                errors.Add(DomainError.Create("calendar.makeup_outside", culture, field, Day(d), calendarYear));
            }
            else if (daysOff.Contains(d))
            {
                errors.Add(DomainError.Create("calendar.both", culture, field, Day(d)));
            }
            else if (!WorkingDayCalendar.IsWeekend(d))
            {
                errors.Add(DomainError.Create("calendar.makeup_weekday", culture, field, Day(d)));
            }
        }
        return errors;
    }

    /// <summary>A day this year lists that the year before or after lists the other way (off in one, working in the other).</summary>
    private static void CheckNeighbours(int year, IReadOnlyList<CalendarHoliday?> holidays, IReadOnlyList<DateOnly?> extra, WorkingDayCalendar stored, InputCheck check)
    {
        foreach (var other in new[] { year - 1, year + 1 }.Select(stored.Arrangement).OfType<CalendarYear>())
        {
            for (var i = 0; i < extra.Count; i++)
            {
                if (extra[i] is { } day && other.DaysOff.Contains(day))
                {
                    check.Add("calendar.other_year", CalendarFields.ExtraWorkingDay(i), Day(day), other.Year);
                }
            }
            for (var i = 0; i < holidays.Count; i++)
            {
                if (holidays[i] is { } h && other.ExtraWorkingDays.Where(d => h.First <= d && d <= h.Last).Order().FirstOrDefault() is var d && d != default)
                {
                    check.Add("calendar.other_year", CalendarFields.DayOff(i, "first"), Day(d), other.Year);
                }
            }
        }
    }

    private static DateOnly? ReadDate(string? text, string field, InputCheck check, bool required = false)
    {
        if (TextRule.IsBlank(text))
        {
            if (required)
            {
                check.Add("field.required", field);
            }
            return null;
        }
        if (!DateOnly.TryParseExact(text!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            check.Add("calendar.date_malformed", field, text.Trim().Length > 40 ? text.Trim()[..40] + "…" : text.Trim());
            return null;
        }
        return check.Date(field, day, field);
    }

    private static string Describe(CalendarYear? before, CalendarYear after)
    {
        static string Of(CalendarYear y) =>
            string.Join("; ", y.Holidays.Select(h => $"{h.Name} {Day(h.First)}..{Day(h.Last)}"))
            + " | make-up " + string.Join(",", y.ExtraWorkingDays.Order().Select(Day));
        return before is null ? Of(after) : $"was {Of(before)} → now {Of(after)}";
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
