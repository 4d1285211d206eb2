using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Years;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Nudges;

/// <summary>What one planner run did.</summary>
public sealed record NudgePlan(DateOnly Day, bool WorkingDay, int Queued, int AlreadyQueued, int Muted);

/// <summary>
/// Runs at 09:00 China Standard Time. On a working day it finds every nudge whose day falls in
/// (previous working day, today] — so one that falls on a day off goes out on the next working day — and
/// queues it in the <see cref="DeliveryLedger"/> under (person, kind, subject, stage), due at today's send
/// time. Running it again (a Hangfire retry, a restart) queues nothing twice; run before the send time,
/// its rows wait until then. Filing dates that pass unsubmitted also go on the 周交办 list.
/// </summary>
public sealed partial class NudgePlanner(
    GuidanceDbContext db,
    DeliveryLedger ledger,
    AssignmentTracker tracker,
    WorkingDayCalendar calendar,
    YearSetupQuery years,
    LetterTimeliness letterTimeliness,
    BotLanguage language,
    IOptions<NudgeOptions> options,
    TimeProvider time,
    ILogger<NudgePlanner> logger)
{
    private static readonly CultureInfo DataCulture = CultureInfo.GetCultureInfo("zh-CN");

    private NudgeOptions O => options.Value;
    private DateOnly _today;
    private DateOnly _previous;
    private DateTime _dueUtc;
    private int _queued, _already, _muted;
    private Dictionary<int, OrgUnit> _units = [];
    private ILookup<int, Person> _liaisons = null!;
    private ILookup<int, Person> _cityStaff = null!;


    public async Task<NudgePlan> PlanAsync(CancellationToken ct = default)
    {
        _today = time.ChinaToday();
        if (!calendar.IsWorkingDay(_today))
        {
            return new NudgePlan(_today, false, 0, 0, 0);
        }

        _previous = calendar.AddWorkingDays(_today, -1);
        _dueUtc = ChinaTime.Utc(_today, O.SendAt);

        _units = await db.Units.AsNoTracking().Where(u => u.IsActive).ToDictionaryAsync(u => u.Id, ct);
        var people = await db.People.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).ToListAsync(ct);
        _liaisons = people.Where(p => p.Role == PersonRole.CountyLiaison).ToLookup(p => p.UnitId);
        _cityStaff = people.Where(p => p.IsCity).ToLookup(p => p.UnitId);

        await PlanRectificationAsync(ct);
        await PlanFilingsAsync(ct);
        await PlanReturnedAsync(ct);
        await PlanVisitsAsync(ct);
        await PlanUnguidedAsync(ct);
        await PlanProgressAsync(ct);
        await PlanMaterialsAsync(ct);
        await PlanNextYearAsync(ct);
        await PlanTimelinessAsync(ct);

        await DeliveryLedger.SaveChangesAsync(db, ct);
        LogPlanned(_today, _queued, _already, _muted);
        if (_queued > 0)
        {
            Telemetry.GuidanceTelemetry.NudgesPlanned.Add(_queued);
        }
        return new NudgePlan(_today, true, _queued, _already, _muted);
    }

    /// <summary>Rectification reports before, on and after their deadline; unacknowledged letters; weekly escalation.</summary>
    private async Task PlanRectificationAsync(CancellationToken ct)
    {
        var letters = await db.Letters.AsNoTracking()
            .Where(l => (l.Status == LetterStatus.Issued || l.Status == LetterStatus.Acknowledged) && l.IssuedOn != null)
            .OrderBy(l => l.Id)
            .ToListAsync(ct);

        foreach (var letter in letters)
        {
            if (!_units.TryGetValue(letter.UnitId, out var unit))
            {
                continue;
            }

            var number = letter.Number ?? letter.Id.ToString(CultureInfo.InvariantCulture);
            var subject = $"letter:{letter.Id}";
            var due = calendar.WorkingDayOnOrAfter(letter.ReportDeadline);
            foreach (var (stage, position) in DeadlineStagesToday(due, O.Rectification))
            {
                await SendAsync(_liaisons[letter.UnitId], NudgeKinds.RectificationDue, subject, stage, c =>
                    NudgeCards.Deadline(unit, DeadlineSubject.Report, due, position, new JsonObject { ["letterId"] = letter.Id }, c, number), ct);
            }

            if (O.EscalateOverdueRectification && _today > due && IsFirstWorkingDayOfWeek(due.AddDays(1)))
            {
                var late = calendar.WorkingDaysBetween(due, _today);
                await SendAsync(_cityStaff[letter.IssuerUnitId], NudgeKinds.RectificationEscalation, subject, WeekStage("escalation"), c =>
                    NudgeCards.Escalation(unit, number, due, late, c), ct);
            }

            if (letter.Status == LetterStatus.Issued)
            {
                var issued = letter.IssuedOn!.Value;
                var by = calendar.AddWorkingDays(issued, O.AcknowledgeWithinWorkingDays);
                if (InWindow(calendar.AddWorkingDays(issued, O.AcknowledgeWithinWorkingDays + 1)))
                {
                    await SendAsync(_liaisons[letter.UnitId], NudgeKinds.LetterUnacknowledged, subject, "ack", c =>
                        NudgeCards.Unacknowledged(unit, letter.Id, number, issued, by, O.AcknowledgeWithinWorkingDays, due, c), ct);
                }
            }
        }
    }

    /// <summary>
    /// The plan, approval and publication dates of the year's published setup (none while it is not published); what
    /// passes unsubmitted goes on the weekly list.
    /// </summary>
    private async Task PlanFilingsAsync(CancellationToken ct)
    {
        var year = _today.Year;
        if (await years.PublishedAsync(year, ct) is not { } dates)
        {
            return;
        }

        var submitted = new Dictionary<(DeadlineSubject, int), DateTime?>();
        async Task Load<T>(DeadlineSubject subject, IQueryable<T> rows) where T : ReviewableSubmission
        {
            foreach (var s in await rows.AsNoTracking().Where(s => s.Year == year && s.Status != SubmissionStatus.Draft)
                         .Select(s => new { s.UnitId, s.FirstSubmittedUtc, s.SubmittedUtc }).ToListAsync(ct))
            {
                submitted[(subject, s.UnitId)] = s.FirstSubmittedUtc ?? s.SubmittedUtc;
            }
        }

        await Load(DeadlineSubject.Plan, db.AnnualPlans);
        await Load(DeadlineSubject.Approval, db.PlanApprovals);
        await Load(DeadlineSubject.Publication, db.PlanPublications);

        var missing = await db.Assignments
            .Where(a => a.Year == year && a.Kind == AssignmentKind.MissingFiling && a.ClosedOn == null)
            .ToDictionaryAsync(a => a.SubjectKey, ct);

        var counties = _units.Values.Where(u => u.Level == UnitLevel.County).OrderBy(u => u.SortOrder).ToList();
        foreach (var (subject, date) in new[] { (DeadlineSubject.Plan, dates.PlanFilingDue), (DeadlineSubject.Approval, dates.ApprovalFilingDue), (DeadlineSubject.Publication, dates.PublicationDue) })
        {
            if (date is not { } configured)
            {
                continue;
            }

            var due = calendar.WorkingDayOnOrAfter(configured);
            var what = subject.ToString().ToLowerInvariant();
            foreach (var unit in counties)
            {
                var key = AssignmentTracker.MissingFilingKey(what, unit.Id, year);
                if (submitted.TryGetValue((subject, unit.Id), out var at))
                {
                    if (missing.ContainsKey(key))
                    {
                        await tracker.CloseAsync(key, at is { } utc ? LocalDate(utc) : _today, ct);
                    }
                    continue;
                }

                foreach (var (stage, position) in DeadlineStagesToday(due, O.Filing))
                {
                    await SendAsync(_liaisons[unit.Id], NudgeKinds.FilingDue, $"{what}:{unit.Id}:{year}", stage, c =>
                        NudgeCards.Deadline(unit, subject, due, position, new JsonObject { ["year"] = year }, c), ct);
                }

                if (_today > due && !missing.ContainsKey(key))
                {
                    var title = NudgeText.Get("Missing" + subject + "Title", DataCulture);
                    await tracker.OpenAsync(unit.Id, year, AssignmentKind.MissingFiling, key, title, _today, due, ct: ct);
                }
            }
        }
    }

    /// <summary>Returned filings and rectification reports not resubmitted within the allowed working days.</summary>
    private async Task PlanReturnedAsync(CancellationToken ct)
    {
        async Task Filings<T>(DeadlineSubject subject, IQueryable<T> rows) where T : ReviewableSubmission
        {
            var returned = await rows.AsNoTracking()
                .Where(s => s.Status == SubmissionStatus.Returned && s.ReviewedUtc != null)
                .OrderBy(s => s.Id).ToListAsync(ct);
            foreach (var s in returned)
            {
                if (_units.TryGetValue(s.UnitId, out var unit))
                {
                    await ReturnedAsync(unit, subject, $"{subject.ToString().ToLowerInvariant()}:{s.Id}", s.ReturnCount, s.ReviewedUtc!.Value, s.ReturnReason,
                        new JsonObject { ["id"] = s.Id, ["year"] = s.Year }, ct);
                }
            }
        }

        await Filings(DeadlineSubject.Plan, db.AnnualPlans);
        await Filings(DeadlineSubject.Approval, db.PlanApprovals);
        await Filings(DeadlineSubject.Publication, db.PlanPublications);

        var letters = await db.Letters.AsNoTracking().Where(l => l.Status == LetterStatus.ReportReturned).OrderBy(l => l.Id).ToListAsync(ct);
        foreach (var letter in letters)
        {
            var id = letter.Id.ToString(CultureInfo.InvariantCulture);
            var returns = await db.AuditLog.AsNoTracking()
                .Where(a => a.EntityType == nameof(OpinionLetter) && a.EntityId == id && a.Action == "letter.report_return")
                .OrderByDescending(a => a.Id).ToListAsync(ct);
            if (returns.Count > 0 && _units.TryGetValue(letter.UnitId, out var unit))
            {
                await ReturnedAsync(unit, DeadlineSubject.Report, $"letter:{letter.Id}", returns.Count, returns[0].OccurredUtc, returns[0].Reason,
                    new JsonObject { ["letterId"] = letter.Id }, ct);
            }
        }
    }

    private async Task ReturnedAsync(OrgUnit unit, DeadlineSubject subject, string subjectKey, int returnCount, DateTime returnedUtc, string? reason,
        JsonObject data, CancellationToken ct)
    {
        var within = O.ResubmitWithinWorkingDays;
        var returnedOn = LocalDate(returnedUtc);
        var by = calendar.AddWorkingDays(returnedOn, within);
        if (InWindow(calendar.AddWorkingDays(returnedOn, within + 1)))
        {
            await SendAsync(_liaisons[unit.Id], NudgeKinds.SubmissionReturned, subjectKey, $"returned-{returnCount}", c =>
                NudgeCards.Returned(unit, subject, returnedOn, by, within, reason, data, c), ct);
        }
    }

    /// <summary>A visit starting within the notice period: city staff and the unit's liaisons, once per start date.</summary>
    private async Task PlanVisitsAsync(CancellationToken ct)
    {
        var horizon = _today.AddDays(O.VisitNoticeDays);
        var visits = await db.Visits.AsNoTracking()
            .Where(v => (v.Status == VisitStatus.Planned || v.Status == VisitStatus.Scheduled)
                && v.StartDate != null && v.StartDate > _today && v.StartDate <= horizon)
            .OrderBy(v => v.StartDate).ThenBy(v => v.Id)
            .ToListAsync(ct);

        foreach (var visit in visits)
        {
            if (!_units.TryGetValue(visit.UnitId, out var unit))
            {
                continue;
            }

            var start = visit.StartDate!.Value;
            var stage = $"upcoming-{start:yyyyMMdd}";
            if (unit.ParentId is { } city)
            {
                await SendAsync(_cityStaff[city], NudgeKinds.VisitUpcoming, $"visit:{visit.Id}", stage, c =>
                    NudgeCards.VisitUpcoming(unit, visit.Id, start, forCity: true, c), ct);
            }
            await SendAsync(_liaisons[unit.Id], NudgeKinds.VisitUpcoming, $"visit:{visit.Id}", stage, c =>
                NudgeCards.VisitUpcoming(unit, visit.Id, start, forCity: false, c), ct);
        }
    }

    /// <summary>
    /// From 1 October to the published setup's "visits done by" (30 November in 2022), on the first working day of each
    /// week: units not yet guided this year. Without a published setup for the year, nothing (there is no date to count to).
    /// </summary>
    private async Task PlanUnguidedAsync(CancellationToken ct)
    {
        var year = _today.Year;
        var from = NudgeOptions.DayOfYear(year, O.UnguidedFrom);
        if ((await years.PublishedAsync(year, ct))?.VisitsDoneBy is not { } deadline
            || _today < from || _today > deadline || !IsFirstWorkingDayOfWeek(from))
        {
            return;
        }

        var visits = await db.Visits.AsNoTracking().Where(v => v.Year == year && v.Status != VisitStatus.Cancelled).ToListAsync(ct);
        var guided = visits.Where(v => v.Status == VisitStatus.Done).Select(v => v.UnitId).ToHashSet();
        var daysLeft = deadline.DayNumber - _today.DayNumber;
        foreach (var city in _units.Values.Where(u => u.Level == UnitLevel.County && !guided.Contains(u.Id))
                     .GroupBy(u => u.ParentId).Where(g => g.Key is not null))
        {
            var list = city.OrderBy(u => u.SortOrder)
                .Select(u => (u, visits.Where(v => v.UnitId == u.Id).Select(v => (int?)v.PlannedMonth).Min()))
                .ToList();
            await SendAsync(_cityStaff[city.Key!.Value], NudgeKinds.UnguidedUnits, $"unguided:{year}", WeekStage("week"), c =>
                NudgeCards.Unguided(list, deadline, daysLeft, c), ct);
        }
    }

    /// <summary>The stages of a deadline that fall in today's window, with where the deadline stands today.</summary>
    private IEnumerable<(string Stage, DeadlinePosition Position)> DeadlineStagesToday(DateOnly due, DeadlineStages stages)
    {
        foreach (var n in stages.WorkingDaysBefore.Where(n => n > 0).Distinct())
        {
            if (InWindow(calendar.AddWorkingDays(due, -n)))
            {
                yield return ($"before-{n}", new DeadlinePosition(calendar.WorkingDaysBetween(_today, due)));
            }
        }

        if (stages.OnTheDay && InWindow(due))
        {
            yield return ("due", new DeadlinePosition(0));
        }

        if (_today > due)
        {
            var late = new DeadlinePosition(-calendar.WorkingDaysBetween(due, _today));
            switch (stages.Overdue)
            {
                case OverdueRepeat.Daily:
                    yield return ($"overdue-{_today:yyyyMMdd}", late);
                    break;
                case OverdueRepeat.Weekly when IsFirstWorkingDayOfWeek(due.AddDays(1)):
                    yield return (WeekStage("overdue"), late);
                    break;
            }
        }
    }

    private bool InWindow(DateOnly day) => day > _previous && day <= _today;

    /// <summary>Today is the first working day of its week (Monday–Sunday) on or after <paramref name="notBefore"/>.</summary>
    private bool IsFirstWorkingDayOfWeek(DateOnly notBefore)
    {
        var monday = _today.AddDays(-(((int)_today.DayOfWeek + 6) % 7));
        var start = notBefore > monday ? notBefore : monday;
        return start <= _today && calendar.WorkingDayOnOrAfter(start) == _today;
    }

    private string WeekStage(string prefix)
    {
        var day = _today.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{ISOWeek.GetYear(day)}W{ISOWeek.GetWeekOfYear(day):00}");
    }

    private static DateOnly LocalDate(DateTime utc) => ChinaTime.Date(utc);

    /// <summary>Queues one nudge per recipient, in the recipient's language; muted optional kinds are skipped.</summary>
    private async Task SendAsync(IEnumerable<Person> recipients, string kind, string subject, string stage, Func<CultureInfo, Activity> build, CancellationToken ct)
    {
        var optional = O.IsOptional(kind);
        foreach (var person in recipients)
        {
            if (optional && person.MutedOptionalNudges)
            {
                _muted++;
                continue;
            }

            var culture = language.Resolve(person);
            var activity = build(culture);
            // Its dates were counted on weekends only when this year has no arrangement: the card says so.
            if (activity.Attachments?.FirstOrDefault()?.Content is System.Text.Json.Nodes.JsonObject card)
            {
                Flows.Calendars.CalendarCards.WithWeekendsOnly(card, calendar, culture, _today.Year);
            }
            if (await ledger.EnqueueAsync(db, new DeliveryKey(person.Id, kind, subject, stage), activity, _dueUtc, ct))
            {
                _queued++;
            }
            else
            {
                _already++;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudges for {Day}: {Queued} queued, {Already} already queued, {Muted} muted")]
    private partial void LogPlanned(DateOnly day, int queued, int already, int muted);
}
