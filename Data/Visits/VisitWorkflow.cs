using System.Globalization;
using System.Security.Cryptography;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Visits.VisitFields;
using GuidanceBot.Data.Years;

namespace GuidanceBot.Data.Visits;

/// <summary>The visit's field limits, one set for both doors: the workflow's checks, the API's documentation and the cards' <c>maxLength</c>.</summary>
public static class VisitLimits
{
    /// <summary>A unit's code as the API names it.</summary>
    public const int UnitCodeMax = 64;

    /// <summary>A check item's code (e.g. <c>1.2</c>).</summary>
    public const int CheckItemCodeMax = 20;

    /// <summary>The note on one finding.</summary>
    public const int NoteMax = 2000;

    /// <summary>Why a visit is moved or cancelled.</summary>
    public const int ReasonMax = 2000;
}

/// <summary>The workflow's field names: the API's JSON names and, where a card has the input, its id.</summary>
public static class VisitFields
{
    public const string UnitCode = "unitCode", Year = "year", PlannedMonth = "plannedMonth", StartDate = "startDate", EndDate = "endDate",
        Count = "count", Findings = "findings", Reason = "reason";

    public static string CheckItem(int index) => $"findings[{index}].checkItemCode";

    public static string Outcome(int index) => $"findings[{index}].outcome";

    public static string Note(int index) => $"findings[{index}].note";

    /// <summary>The follow-up record (全过程跟踪) of this visit the finding rests on.</summary>
    public static string FollowUp(int index) => $"findings[{index}].followUpId";
}

/// <summary>Scheduling a unit's visit as a door received it; without dates the visit is planned for the month only.</summary>
public sealed record ScheduleVisit(string? UnitCode, int? Year, int? PlannedMonth, DateOnly? StartDate = null, DateOnly? EndDate = null);

/// <summary>Moving one visit (to another month, or to other dates) as a door received it, with the version seen and the reason.</summary>
public sealed record MoveVisit(int VisitId, Guid Version, int? PlannedMonth, DateOnly? StartDate, DateOnly? EndDate, string? Reason);

/// <summary>
/// The finding on one check item as a door received it: the item by its code, the outcome by its name (<see cref="FindingOutcome"/>),
/// and the visit's follow-up record it rests on, if any (<see cref="VisitFollowUp"/>).
/// </summary>
public sealed record VisitFindingInput(string? CheckItemCode, string? Outcome, string? Note, int? FollowUpId = null);

/// <summary>The seed of a spot-check draw: secret until used, so nobody can pick it to steer the draw.</summary>
public class SpotCheckSeeds
{
    public virtual int Next() => RandomNumberGenerator.GetInt32(int.MaxValue);
}

/// <summary>
/// The guidance visit's steps, for both doors: the city schedules a unit's visit for a month (<see cref="ScheduleAsync"/>:
/// creates the unit's visit of the year, or moves the open one — never a second), sets its dates (<see cref="SetDatesAsync"/>),
/// draws the spot-checked enterprises (<see cref="DrawAsync"/>) and records the findings (<see cref="RecordFindingsAsync"/>).
/// A visit that gets a date asks the unit's liaisons for its materials (<see cref="MaterialsRequestNotice"/>) in the same
/// transaction. There is no cancel step in either door.
/// </summary>
public sealed class VisitWorkflow(GuidanceDbContext db, INoticeOutbox outbox, SpotCheckSeeds seeds, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time, outbox);

    public const string ScheduleAction = "visit.schedule", RescheduleAction = "visit.reschedule", DateAction = "visit.date",
        DrawAction = "visit.draw", FindingsAction = "visit.findings", MoveAction = "visit.move", CancelAction = "visit.cancel";

    /// <summary><see cref="WorkflowResult.Detail"/> of <see cref="ScheduleAsync"/>: a new visit, or the unit's visit moved.</summary>
    public const string Created = "created", Moved = "moved";

    /// <summary>
    /// Plans the unit's visit of the year for a month (not one that has passed, not after November: <see cref="AnnualSchedule.CheckMonth"/>),
    /// with its dates when given (in that month, today or later). The unit's open visit of the year is moved; only when it has none is
    /// one created. Moving to another month drops dates that were in the old one. <see cref="WorkflowResult.Id"/> is the visit,
    /// <see cref="WorkflowResult.Detail"/> <see cref="Created"/> or <see cref="Moved"/>.
    /// </summary>
    public async Task<WorkflowResult> ScheduleAsync(ScheduleVisit command, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", actor.Language));
        }
        var check = new InputCheck(actor.Language);
        OrgUnit? unit = null;
        if (TextRule.IsBlank(command.UnitCode))
        {
            check.Add("visit.unit_required", F.UnitCode);
        }
        else if (check.Text(F.UnitCode, command.UnitCode, VisitLimits.UnitCodeMax) is { } code)
        {
            unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code && u.Level == UnitLevel.County && u.IsActive, ct);
            if (unit is null)
            {
                check.Add("visit.unit_unknown", F.UnitCode, code);
            }
        }
        var year = check.Required(F.Year, command.Year);
        if (year is { } y && !FieldLimits.IsYear(y))
        {
            check.Add(FieldLimits.YearOutOfRange(F.Year, actor.Language, F.Year));
            year = null;
        }
        int? month = null;
        if (command.PlannedMonth is not { } m)
        {
            check.Add("visit.month_required", F.PlannedMonth);
        }
        else if (m is < 1 or > 12)
        {
            check.Add("visit.month_range", F.PlannedMonth, m);
        }
        else if (year is { } yr && AnnualSchedule.CheckMonth(yr, m, runner.ChinaToday, actor.Language, F.PlannedMonth) is { } refused)
        {
            check.Add(refused);
        }
        else
        {
            month = m;
        }
        var (start, end) = CheckDates(check, year, month, command.StartDate, command.EndDate, required: false);
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var visit = await db.Visits.FirstOrDefaultAsync(v => v.UnitId == unit!.Id && v.Year == year
                && (v.Status == VisitStatus.Planned || v.Status == VisitStatus.Scheduled), ct);
            var created = visit is null;
            if (visit is null)
            {
                // Pinned to the year's current template version: later edits of the template make a new version.
                visit = new GuidanceVisit { UnitId = unit!.Id, Year = year!.Value, Status = VisitStatus.Planned, CheckTemplateId = await db.CurrentTemplateIdAsync(year.Value, ct) };
                db.Visits.Add(visit);
            }
            visit.PlannedMonth = month!.Value;
            if (start is not null)
            {
                (visit.StartDate, visit.EndDate, visit.Status) = (start, end ?? start, VisitStatus.Scheduled);
            }
            else if (visit.StartDate is { } old && old.Month != month)
            {
                // The dates were in the month the visit leaves.
                (visit.StartDate, visit.EndDate, visit.Status) = (null, null, VisitStatus.Planned);
            }
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, created ? ScheduleAction : RescheduleAction, nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow,
                details: $"{year}-{month:00}"));
            if (start is not null)
            {
                await AskForMaterialsAsync(visit, ct);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(visit.Version, created ? Created : Moved, visit.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The city fixes when the visit takes place (in its year, today or later); from then the unit's liaisons are asked for its
    /// materials. <see cref="WorkflowResult.Detail"/> is how many liaisons were asked (none when the date was asked for before).
    /// </summary>
    public Task<WorkflowResult> SetDatesAsync(int visitId, Guid seenVersion, DateOnly? start, DateOnly? end, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        var asked = 0;
        return runner.RunAsync<GuidanceVisit>(
            token => db.Visits.SingleOrDefaultAsync(v => v.Id == visitId, token),
            nameof(GuidanceVisit),
            seenVersion,
            actor,
            (visit, token) =>
            {
                if (!actor.IsCity)
                {
                    return Task.FromResult<DomainError?>(DomainError.Create("auth.city_only", culture));
                }
                if (visit.Status is not (VisitStatus.Planned or VisitStatus.Scheduled))
                {
                    return Task.FromResult<DomainError?>(DomainError.Create("materials.visit_closed", culture, "visit"));
                }
                var check = new InputCheck(culture);
                var (from, to) = CheckDates(check, visit.Year, null, start, end, required: true);
                if (check.Errors.FirstOrDefault() is { } refused)
                {
                    return Task.FromResult<DomainError?>(refused);
                }
                visit.StartDate = from;
                visit.EndDate = to ?? from;
                visit.PlannedMonth = from!.Value.Month;
                visit.Status = VisitStatus.Scheduled;
                return Task.FromResult<DomainError?>(null);
            },
            visit => AuditEntries.For(actor, DateAction, nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, null,
                $"{visit.StartDate:yyyy-MM-dd}–{visit.EndDate:yyyy-MM-dd}"),
            ct,
            _ => asked.ToString(CultureInfo.InvariantCulture),
            async (visit, token) => asked = await AskForMaterialsAsync(visit, token));
    }

    /// <summary>
    /// The city moves an open visit (planned or scheduled) to another month of its year — not one that has passed, not after
    /// November (<see cref="AnnualSchedule.CheckMonth"/>) — or to other dates (in that month, today or later), with a reason. The
    /// unit's liaisons are told (<see cref="VisitChangedNotice"/>) and, when the visit has new dates, asked for the materials again;
    /// the reason is in the <c>visit.move</c> audit entry. Every field is checked at once; a refusal writes nothing.
    /// </summary>
    public async Task<WorkflowResult> MoveAsync(MoveVisit command, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        var seen = await db.Visits.AsNoTracking().Where(v => v.Id == command.VisitId)
            .Select(v => new { v.Year, v.Version, v.Status, v.PlannedMonth, v.StartDate, v.EndDate }).FirstOrDefaultAsync(ct);
        if (seen is null)
        {
            return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef("entity." + nameof(GuidanceVisit))));
        }
        if (seen.Version != command.Version)
        {
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        if (seen.Status is not (VisitStatus.Planned or VisitStatus.Scheduled))
        {
            return WorkflowResult.Refused(DomainError.Create("visit.not_open", culture, "status"));
        }
        var check = new InputCheck(culture);
        var reason = check.Text(F.Reason, command.Reason, VisitLimits.ReasonMax, kind: TextKind.Paragraphs);
        int? month = null;
        if (command.PlannedMonth is not { } m)
        {
            check.Add("visit.month_required", F.PlannedMonth);
        }
        else if (m is < 1 or > 12)
        {
            check.Add("visit.month_range", F.PlannedMonth, m);
        }
        else if (AnnualSchedule.CheckMonth(seen.Year, m, runner.ChinaToday, culture, F.PlannedMonth) is { } refused)
        {
            check.Add(refused);
        }
        else
        {
            month = m;
        }
        var (start, end) = CheckDates(check, seen.Year, month, command.StartDate, command.EndDate, required: false);
        if (check.IsValid && month == seen.PlannedMonth && (start is null || (start == seen.StartDate && (end ?? start) == seen.EndDate)))
        {
            check.Add("visit.move_nothing", F.PlannedMonth);
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        var from = seen.StartDate is { } s0 ? $"{s0:yyyy-MM-dd}" : $"{seen.Year}-{seen.PlannedMonth:00}";
        var round = 0;
        return await runner.RunAsync<GuidanceVisit>(
            token => db.Visits.SingleOrDefaultAsync(v => v.Id == command.VisitId, token),
            nameof(GuidanceVisit),
            command.Version,
            actor,
            async (visit, token) =>
            {
                round = await ChangesSoFarAsync(visit.Id, token) + 1;
                visit.PlannedMonth = month!.Value;
                if (start is not null)
                {
                    (visit.StartDate, visit.EndDate, visit.Status) = (start, end ?? start, VisitStatus.Scheduled);
                }
                else if (visit.StartDate is { } old && old.Month != month)
                {
                    (visit.StartDate, visit.EndDate, visit.Status) = (null, null, VisitStatus.Planned);
                }
                return null;
            },
            visit => AuditEntries.For(actor, MoveAction, nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, reason,
                $"{from} → {(visit.StartDate is { } s1 ? $"{s1:yyyy-MM-dd}" : $"{visit.Year}-{visit.PlannedMonth:00}")}"),
            ct,
            _ => round.ToString(CultureInfo.InvariantCulture),
            async (visit, token) =>
            {
                await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, visit.UnitId, token),
                    id => new VisitChangedNotice(id, visit.Id, VisitChangedNotice.Moved, round), token);
                await AskForMaterialsAsync(visit, token);
            });
    }

    /// <summary>
    /// The city cancels an open visit (planned or scheduled) with a reason: the visit is kept, cancelled, with its reason; the unit's
    /// liaisons are told (<see cref="VisitChangedNotice"/>). The unit may be scheduled again (a new visit).
    /// </summary>
    public async Task<WorkflowResult> CancelAsync(int visitId, Guid seenVersion, string? reason, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        var check = new InputCheck(culture);
        var why = check.Text(F.Reason, reason, VisitLimits.ReasonMax, kind: TextKind.Paragraphs);
        if (!check.IsValid && await db.Visits.AnyAsync(v => v.Id == visitId, ct))
        {
            return WorkflowResult.Refused(check.Errors);
        }
        var round = 0;
        return await runner.RunAsync<GuidanceVisit>(
            token => db.Visits.SingleOrDefaultAsync(v => v.Id == visitId, token),
            nameof(GuidanceVisit),
            seenVersion,
            actor,
            async (visit, token) =>
            {
                if (visit.Status is not (VisitStatus.Planned or VisitStatus.Scheduled))
                {
                    return DomainError.Create("visit.not_open", culture, "status");
                }
                round = await ChangesSoFarAsync(visit.Id, token) + 1;
                (visit.Status, visit.CancelReason) = (VisitStatus.Cancelled, why);
                return null;
            },
            visit => AuditEntries.For(actor, CancelAction, nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, why,
                visit.StartDate is { } s ? $"{s:yyyy-MM-dd}" : $"{visit.Year}-{visit.PlannedMonth:00}"),
            ct,
            _ => round.ToString(CultureInfo.InvariantCulture),
            async (visit, token) => await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, visit.UnitId, token),
                id => new VisitChangedNotice(id, visit.Id, VisitChangedNotice.Cancelled, round), token));
    }

    /// <summary>How often the visit was moved or cancelled before: each change is a new round of its notice.</summary>
    private Task<int> ChangesSoFarAsync(int visitId, CancellationToken ct)
    {
        var id = visitId.ToString(CultureInfo.InvariantCulture);
        return db.AuditLog.CountAsync(a => a.EntityType == nameof(GuidanceVisit) && a.EntityId == id && (a.Action == MoveAction || a.Action == CancelAction), ct);
    }

    /// <summary>
    /// Draws <paramref name="count"/> (1 unless given; 1–2) of the enterprises the unit's plan of the visit's year inspects, once per visit;
    /// the seed and the candidates are kept for the replay. <see cref="WorkflowResult.Detail"/> is the ids drawn.
    /// </summary>
    public Task<WorkflowResult> DrawAsync(int visitId, Guid seenVersion, int? count, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        SpotCheckOutcome? outcome = null;
        return runner.RunAsync<GuidanceVisit>(
            token => db.Visits.Include(v => v.Draw).SingleOrDefaultAsync(v => v.Id == visitId, token),
            nameof(GuidanceVisit),
            seenVersion,
            actor,
            async (visit, token) =>
            {
                if (!actor.IsCity)
                {
                    return DomainError.Create("auth.city_only", culture);
                }
                var n = count ?? SpotCheck.MinCount;
                if (n is < SpotCheck.MinCount or > SpotCheck.MaxCount)
                {
                    return DomainError.Create("draw.count", culture, F.Count, n, SpotCheck.MinCount, SpotCheck.MaxCount);
                }
                if (visit.Draw is not null)
                {
                    return DomainError.Create("draw.exists", culture, "visit");
                }

                if (visit.Status == VisitStatus.Cancelled)
                {
                    return DomainError.Create("materials.visit_closed", culture, "visit");
                }
                var (candidates, refusal) = await CandidatesAsync(db, visit.UnitId, visit.Year, culture, token);
                if (refusal is not null)
                {
                    return refusal;
                }
                var drawn = SpotCheck.Draw(candidates, n, seeds.Next(), culture);
                if (!drawn.IsSuccess)
                {
                    return drawn.Error;
                }

                outcome = drawn.Value;
                visit.Draw = outcome.ToEntity(visit.Id, actor.PersonId ?? 0, runner.UtcNow);
                db.Entry(visit).State = EntityState.Modified; // the visit gets a new version: a second draw conflicts
                return null;
            },
            // The seed and the enterprises chosen stay in the draw's own row (SpotCheckDraws, the replay data): the unit reads its
            // audit trail (the dossier) and the seed with the candidates would name the enterprises before the visit (DrawSecrecy).
            visit => AuditEntries.For(actor, DrawAction, nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, null,
                $"count={outcome!.Count};candidates={outcome.CandidateIds.Count};algorithm={outcome.Algorithm}"),
            ct,
            _ => SpotCheck.FormatIds(outcome!.ChosenIds));
    }

    /// <summary>
    /// The draw's candidates: the enterprises the unit's plan of the year inspects. A plan filed as counts only names none, so
    /// it cannot be drawn from: the refusal asks for the enterprise list first (<c>draw.list_required</c>); no plan at all, or
    /// a list with nothing planned, is <c>draw.no_candidates</c>. The draw step and the visit card ask the same.
    /// </summary>
    public static async Task<(List<int> Candidates, DomainError? Refusal)> CandidatesAsync(GuidanceDbContext db, int unitId, int year, CultureInfo culture,
        CancellationToken ct)
    {
        var plan = await db.AnnualPlans.AsNoTracking().Where(p => p.UnitId == unitId && p.Year == year)
            .Select(p => new { Listed = p.Entries.Count, Planned = p.Entries.Where(e => e.Planned).Select(e => e.EnterpriseId).ToList() })
            .FirstOrDefaultAsync(ct);
        if (plan is { Listed: 0 })
        {
            return ([], DomainError.Create("draw.list_required", culture, "visit", year));
        }
        return plan is null || plan.Planned.Count == 0 ? ([], DomainError.Create("draw.no_candidates", culture, "candidates")) : (plan.Planned, null);
    }

    /// <summary>
    /// Records the findings listed (each replaces the item's earlier one; a problem needs its note) and, with <paramref name="done"/>,
    /// closes the visit (its dates default to today). An empty list is refused unless the visit is being closed.
    /// <see cref="WorkflowResult.Detail"/> is how many findings were recorded.
    /// </summary>
    public async Task<WorkflowResult> RecordFindingsAsync(int visitId, Guid seenVersion, IReadOnlyList<VisitFindingInput?>? findings, bool done, Actor actor,
        CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        // Every finding is checked first (the visit's year, which never changes, names the template), so each bad field is reported at once.
        var list = findings ?? [];
        var seen = await db.Visits.AsNoTracking().Where(v => v.Id == visitId).Select(v => new { v.Year, v.Version }).FirstOrDefaultAsync(ct);
        var recorded = new List<(int ItemId, FindingOutcome Outcome, string? Note, int? FollowUpId)>();
        if (seen is not null && seen.Version != seenVersion)
        {
            // A card or request made before the visit changed: reload first, whatever it holds.
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        if (seen is not null)
        {
            var year = seen.Year;
            var check = new InputCheck(culture);
            if (list.Count == 0 && !done)
            {
                check.Add("visit.findings_none", F.Findings);
            }
            var items = await db.ItemsOfVisit(visitId).AsNoTracking()
                .Select(i => new { i.Id, i.Code }).ToListAsync(ct);
            var followUps = await db.VisitFollowUps.AsNoTracking().Where(x => x.GuidanceVisitId == visitId).Select(x => x.Id).ToListAsync(ct);
            for (var i = 0; i < list.Count; i++)
            {
                var f = list[i];
                var code = check.Text(F.CheckItem(i), f?.CheckItemCode, VisitLimits.CheckItemCodeMax);
                var item = code is null ? null : items.FirstOrDefault(x => x.Code == code);
                if (code is not null && item is null)
                {
                    check.Add("visit.check_item_unknown", F.CheckItem(i), year, code);
                }
                FindingOutcome? outcome = f?.Outcome is { } name && !int.TryParse(name, out _)
                    && Enum.TryParse<FindingOutcome>(name.Trim(), ignoreCase: true, out var o) && Enum.IsDefined(o) ? o : null;
                if (outcome is null)
                {
                    check.Add("visit.outcome_unknown", F.Outcome(i), string.Join(", ", Enum.GetNames<FindingOutcome>()));
                }
                var note = check.Text(F.Note(i), f?.Note, VisitLimits.NoteMax, required: false, kind: TextKind.Paragraphs);
                if (outcome == FindingOutcome.Problem && note is null)
                {
                    check.Add("visit.problem_note_required", F.Note(i));
                }
                if (f?.FollowUpId is { } followUp && !followUps.Contains(followUp))
                {
                    check.Add("followup.finding_unknown", F.FollowUp(i), followUp);
                }
                if (item is not null && outcome is { } ok)
                {
                    recorded.RemoveAll(r => r.ItemId == item.Id);
                    recorded.Add((item.Id, ok, note, f?.FollowUpId));
                }
            }
            if (!check.IsValid)
            {
                return WorkflowResult.Refused(check.Errors);
            }
        }

        return await runner.RunAsync<GuidanceVisit>(
            token => db.Visits.Include(v => v.Findings).SingleOrDefaultAsync(v => v.Id == visitId, token),
            nameof(GuidanceVisit),
            seenVersion,
            actor,
            (visit, token) =>
            {
                var now = runner.UtcNow;
                foreach (var (itemId, outcome, note, followUp) in recorded)
                {
                    var existing = visit.Findings.FirstOrDefault(x => x.CheckItemId == itemId);
                    if (existing is null)
                    {
                        visit.Findings.Add(new VisitFinding { CheckItemId = itemId, Outcome = outcome, Note = note, RecordedUtc = now, RecordedById = actor.PersonId ?? 0, VisitFollowUpId = followUp });
                    }
                    else
                    {
                        (existing.Outcome, existing.Note, existing.RecordedUtc, existing.RecordedById, existing.VisitFollowUpId) = (outcome, note, now, actor.PersonId ?? 0, followUp);
                    }
                }
                if (done)
                {
                    visit.Status = VisitStatus.Done;
                    visit.StartDate ??= runner.ChinaToday;
                    visit.EndDate ??= runner.ChinaToday;
                }
                db.Entry(visit).State = EntityState.Modified; // a new version: the card acted on is now stale
                return Task.FromResult<DomainError?>(null);
            },
            visit => AuditEntries.For(actor, FindingsAction, nameof(GuidanceVisit), visit.Id, visit.UnitId, runner.UtcNow, details: $"{recorded.Count} findings"),
            ct,
            _ => recorded.Count.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The visit's dates: in <paramref name="year"/>, today or later, the end not before the start; in <paramref name="month"/> when
    /// the step chose one. Null dates when refused.
    /// </summary>
    private (DateOnly? Start, DateOnly? End) CheckDates(InputCheck check, int? year, int? month, DateOnly? start, DateOnly? end, bool required)
    {
        var from = check.Date(F.StartDate, start, F.StartDate, required: false);
        var to = check.Date(F.EndDate, end, F.EndDate, required: false);
        if (from is null)
        {
            if (!check.Has(F.StartDate) && (required || to is not null))
            {
                check.Add("visit.date_required", F.StartDate);
            }
            return (null, null);
        }
        var d = from.Value;
        if (year is { } y && d.Year != y)
        {
            check.Add("visit.date_year", F.StartDate, y);
        }
        else if (d < runner.ChinaToday)
        {
            check.Add("visit.date_past", F.StartDate, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else if (month is { } m && d.Month != m)
        {
            check.Add("visit.date_month", F.StartDate, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m);
        }
        if (to is { } e && e < d)
        {
            check.Add("visit.date_order", F.EndDate);
        }
        return check.IsValid ? (from, to) : (null, null);
    }

    /// <summary>Once the visit with its date is saved: each liaison of the unit is asked for its materials; how many were asked.</summary>
    private async Task<int> AskForMaterialsAsync(GuidanceVisit visit, CancellationToken ct) =>
        visit.StartDate is { } start && visit.Status is VisitStatus.Planned or VisitStatus.Scheduled
            ? await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, visit.UnitId, ct), id => new MaterialsRequestNotice(id, visit.Id, start), ct)
            : 0;
}
