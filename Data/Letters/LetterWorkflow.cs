using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Letters.LetterFields;
using GuidanceBot.Data.Years;

namespace GuidanceBot.Data.Letters;

/// <summary>One main problem with the city's opinion, as a door received it; the check item by its code (e.g. <c>1.2</c>).</summary>
public sealed record LetterProblemInput(string? Problem, string? Opinion, string? CheckItemCode = null);

/// <summary>
/// A letter as a door received it (the API's body, the issue card's inputs). With a visit, the unit, the year and
/// (unless given) the visit date come from the visit.
/// </summary>
public sealed record LetterDraft(
    int? UnitId, int? Year, int? VisitId, DateOnly? VisitDate, DateOnly? ReportDeadline, IReadOnlyList<LetterProblemInput?>? Problems,
    string? CountyResponsibleName, string? CityContactName, string? CityContactPhone);

/// <summary>
/// The opinion letter's steps, for both doors. The city drafts (<see cref="DraftAsync"/>), issues
/// (<see cref="IssueAsync(int, Guid, Actor, CancellationToken)"/>; or both in one, as the chat does:
/// <see cref="IssueAsync(LetterDraft, Actor, CancellationToken)"/>), returns the report and closes; the guided unit
/// acknowledges and submits its report. Issuing takes the next serial of the issuer and year in the same transaction,
/// so two letters issued at once get consecutive numbers and a failed issue leaves no gap; in that transaction every
/// problem goes on the 周交办 list and the unit's liaisons get the letter (<see cref="LetterIssuedNotice"/>).
/// Returning the report tells them too (<see cref="RectificationReturnedNotice"/>).
/// </summary>
public sealed partial class LetterWorkflow(
    GuidanceDbContext db, LetterNumbering numbering, WorkingDayCalendar calendar, AssignmentTracker tracker, INoticeOutbox outbox, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time, outbox);

    public const string DraftAction = "letter.draft";

    /// <summary>Drafts a letter (the city's work in progress, unseen by the county): <see cref="WorkflowResult.Id"/> is the new letter.</summary>
    public async Task<WorkflowResult> DraftAsync(LetterDraft draft, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", actor.Language));
        }
        var check = new InputCheck(actor.Language);
        var letter = await CheckDraftAsync(draft, check, ct);
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }
        await db.AddWithAuditAsync(letter!, l => l.Id, actor, time, DraftAction, letter!.UnitId, null, ct);
        db.ChangeTracker.Clear();
        return WorkflowResult.Done(letter.Version, id: letter.Id);
    }

    /// <summary>
    /// Drafts and issues in one step (the chat's issue card): every field is checked at once, with the issue's own rules
    /// (a working-day deadline ahead, the county's responsible person); then, in one transaction, the draft, its number,
    /// the 周交办 items and the notices — or nothing. <see cref="WorkflowResult.Detail"/> is the number given.
    /// </summary>
    public async Task<WorkflowResult> IssueAsync(LetterDraft draft, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", actor.Language));
        }
        var check = new InputCheck(actor.Language);
        var letter = await CheckDraftAsync(draft, check, ct);
        if (letter is not null)
        {
            CheckIssue(letter, check);
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.Letters.Add(letter!);
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, DraftAction, nameof(OpinionLetter), letter!.Id, letter.UnitId, runner.UtcNow));
            if (await NumberAsync(letter, actor, ct) is { } refused)
            {
                await tx.RollbackAsync(ct);
                return WorkflowResult.Refused(refused);
            }
            letter.Status = LetterStatus.Issued;
            db.AuditLog.Add(AuditEntries.For(actor, Verb(LetterAction.Issue), nameof(OpinionLetter), letter.Id, letter.UnitId, runner.UtcNow, details: letter.Number));
            await db.SaveChangesAsync(ct);
            await AfterIssueAsync(letter, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(letter.Version, letter.Number, letter.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Issues a drafted letter; <see cref="WorkflowResult.Detail"/> is the number given.</summary>
    public Task<WorkflowResult> IssueAsync(int letterId, Guid seenVersion, Actor actor, CancellationToken ct = default) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.Issue, null, ct);

    /// <summary>Receipt (签收); <paramref name="receivedByName"/> is the name signed with, the actor's own by default.</summary>
    public Task<WorkflowResult> AcknowledgeAsync(int letterId, Guid seenVersion, Actor actor, CancellationToken ct = default, string? receivedByName = null) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.Acknowledge, null, ct, receivedByName);

    public Task<WorkflowResult> SubmitReportAsync(int letterId, Guid seenVersion, Actor actor, CancellationToken ct = default) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.SubmitReport, null, ct);

    /// <summary>
    /// Returns the report: the report is marked returned and the unit's liaisons are told, once per submission, with the notes
    /// of the problems returned. Without a <paramref name="reason"/> the reason is those notes ("1: …; 2: …").
    /// </summary>
    public Task<WorkflowResult> ReturnReportAsync(int letterId, Guid seenVersion, string? reason, Actor actor, CancellationToken ct = default) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.ReturnReport, reason, ct);

    /// <summary>
    /// Closes the letter once every problem's rectification is accepted: refused while any is returned or waiting for
    /// review; the report is marked accepted and every problem's 周交办 item closes.
    /// </summary>
    public Task<WorkflowResult> CloseAsync(int letterId, Guid seenVersion, Actor actor, CancellationToken ct = default) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.Close, null, ct);

    private static string Verb(LetterAction action) => action switch
    {
        LetterAction.Issue => "letter.issue",
        LetterAction.Acknowledge => "letter.acknowledge",
        LetterAction.SubmitReport => "letter.report_submit",
        LetterAction.ReturnReport => "letter.report_return",
        _ => "letter.close",
    };

    /// <param name="alongside">
    /// What the step stages on the report before its own rules run (the report's content, the city's decisions), given the
    /// letter and its report (tracked; null when there is none yet); a refusal from it refuses the step.
    /// </param>
    private Task<WorkflowResult> StepAsync(int letterId, Guid seenVersion, Actor actor, LetterAction action, string? reason, CancellationToken ct,
        string? receivedByName = null, Func<OpinionLetter, RectificationReport?, CancellationToken, Task<(RectificationReport?, DomainError?)>>? alongside = null)
    {
        var culture = actor.Language;
        return runner.RunAsync<OpinionLetter>(
            token => db.Letters.Include(l => l.Problems).SingleOrDefaultAsync(l => l.Id == letterId, token),
            nameof(OpinionLetter),
            seenVersion,
            actor,
            async (letter, token) =>
            {
                var cityStep = action is LetterAction.Issue or LetterAction.ReturnReport or LetterAction.Close;
                if (cityStep && !actor.IsCity)
                {
                    return DomainError.Create("auth.city_only", culture);
                }
                if (!cityStep && actor.UnitId != letter.UnitId)
                {
                    return DomainError.Create("auth.own_unit_only", culture);
                }

                var next = LetterStateMachine.Next(letter.Status, action, culture);
                if (!next.IsSuccess)
                {
                    return next.Error;
                }
                if (TextRule.Check(reason, culture, TextKind.Paragraphs, field: F.Reason) is { } badReason)
                {
                    return badReason;
                }

                // The report rides with the letter's report steps, in this transaction.
                RectificationReport? report = null;
                if (action is LetterAction.SubmitReport or LetterAction.ReturnReport or LetterAction.Close)
                {
                    report = await db.RectificationReports.Include(r => r.Items).ThenInclude(i => i.Evidence).AsSplitQuery()
                        .FirstOrDefaultAsync(r => r.OpinionLetterId == letter.Id, token);
                }
                if (alongside is not null)
                {
                    var (staged, refused) = await alongside(letter, report, token);
                    if (refused is not null)
                    {
                        return refused;
                    }
                    report = staged;
                }
                if (action == LetterAction.ReturnReport)
                {
                    reason = TextRule.IsBlank(reason) ? ReturnedNotes(letter, report) : reason!.Trim();
                    if (TextRule.IsBlank(reason))
                    {
                        return DomainError.Create("submission.reason_required", culture, F.Reason);
                    }
                }
                if (await ReportRulesAsync(letter, report, action, actor, token) is { } reportRefused)
                {
                    return reportRefused;
                }
                if (action == LetterAction.Acknowledge)
                {
                    // Blank: the signer's own name (the API has no such field; the card fills in the responsible person).
                    var check = new InputCheck(culture);
                    receivedByName = check.Text(F.ReceivedBy, receivedByName, LetterLimits.NameMax, required: false);
                    if (check.Errors.FirstOrDefault() is { } badName)
                    {
                        return badName;
                    }
                }

                var now = runner.UtcNow;
                switch (action)
                {
                    case LetterAction.Issue:
                        var issue = new InputCheck(culture);
                        CheckIssue(letter, issue);
                        if (issue.Errors.FirstOrDefault() is { } incomplete)
                        {
                            return incomplete;
                        }
                        if (letter.GuidanceVisitId is { } visitId
                            && await db.Letters.AnyAsync(l => l.GuidanceVisitId == visitId && l.Id != letter.Id && l.Status != LetterStatus.Draft, token))
                        {
                            return DomainError.Create("letter.visit_has_letter", culture, F.VisitId);
                        }
                        if (await NumberAsync(letter, actor, token) is { } refusal)
                        {
                            return refusal;
                        }
                        break;
                    case LetterAction.Acknowledge:
                        letter.AcknowledgedUtc = now;
                        letter.AcknowledgedById = actor.PersonId;
                        letter.AcknowledgedByName = receivedByName ?? actor.Name;
                        break;
                    case LetterAction.Close:
                        letter.ClosedUtc = now;
                        break;
                }
                letter.Status = next.Value;
                return null;
            },
            letter => AuditEntries.For(actor, Verb(action), nameof(OpinionLetter), letter.Id, letter.UnitId, runner.UtcNow,
                action == LetterAction.ReturnReport ? reason : null,
                action == LetterAction.Issue ? letter.Number : null),
            ct,
            letter => action == LetterAction.Issue ? letter.Number : null,
            action switch
            {
                LetterAction.Issue => AfterIssueAsync,
                LetterAction.ReturnReport => AfterReturnAsync,
                _ => null,
            });
    }

    /// <summary>
    /// Checks a draft's every field at once (<paramref name="check"/> collects the refusals) and builds the letter from
    /// it; null when what the letter hangs on (its unit, year, visit) is not there.
    /// </summary>
    private async Task<OpinionLetter?> CheckDraftAsync(LetterDraft draft, InputCheck check, CancellationToken ct)
    {
        var culture = check.Culture;
        GuidanceVisit? visit = null;
        if (draft.VisitId is { } visitId)
        {
            visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == visitId, ct);
            if (visit is null || (draft.UnitId is { } u && u != visit.UnitId) || (draft.Year is { } y && y != visit.Year))
            {
                check.Add("letter.visit_unknown", F.VisitId);
                visit = null;
            }
            else if (await db.Letters.AnyAsync(l => l.GuidanceVisitId == visitId && l.Status != LetterStatus.Draft, ct))
            {
                check.Add("letter.visit_has_letter", F.VisitId);
            }
        }

        var unitId = visit?.UnitId ?? draft.UnitId;
        var unit = unitId is null ? null : await db.Units.AsNoTracking().FirstOrDefaultAsync(x => x.Id == unitId, ct);
        if (unit is null && !check.Has(F.VisitId))
        {
            check.Add("field.required", F.UnitId);
        }
        var year = visit?.Year ?? check.Required(F.Year, draft.Year);
        if (year is { } y2 && !FieldLimits.IsYear(y2))
        {
            check.Add(FieldLimits.YearOutOfRange(F.Year, culture, F.Year));
            year = null;
        }

        var visitDate = check.Date(F.VisitDate, draft.VisitDate ?? VisitDay(visit), F.VisitDate);
        if (visitDate is { } vd && year is { } yr && vd.Year != yr)
        {
            check.Add("letter.visit_date_year", F.VisitDate, yr);
        }
        var deadline = check.Date(F.ReportDeadline, draft.ReportDeadline, F.ReportDeadline);
        if (deadline is { } d && visitDate is { } v && d <= v)
        {
            check.Add("letter.deadline_before_visit", F.ReportDeadline, Iso(v));
        }

        var problems = new List<LetterProblem>();
        if (draft.Problems is not { Count: > 0 })
        {
            check.Add("letter.no_problems", F.Problems);
        }
        else
        {
            // The visit's own template version; without a visit, the year's current one.
            var items = year is null ? [] : await (visit is not null ? db.ItemsOfVisit(visit.Id) : db.ItemsOfYear(year.Value)).AsNoTracking()
                .Select(i => new { i.Id, i.Code }).ToListAsync(ct);
            for (var i = 0; i < draft.Problems.Count; i++)
            {
                var p = draft.Problems[i];
                var problem = check.Text(F.Problem(i), p?.Problem, LetterLimits.ProblemMax, kind: TextKind.Paragraphs);
                var opinion = check.Text(F.Opinion(i), p?.Opinion, LetterLimits.OpinionMax, kind: TextKind.Paragraphs);
                int? itemId = null;
                if (check.Text(F.CheckItem(i), p?.CheckItemCode, 20, required: false) is { } code)
                {
                    itemId = items.FirstOrDefault(x => x.Code == code)?.Id;
                    if (itemId is null)
                    {
                        check.Add("letter.check_item_unknown", F.CheckItem(i), year ?? 0, code);
                    }
                }
                problems.Add(new LetterProblem { Order = i + 1, CheckItemId = itemId, Problem = problem ?? "", Opinion = opinion ?? "" });
            }
        }

        var responsible = check.Text(F.CountyResponsibleName, draft.CountyResponsibleName, LetterLimits.NameMax, required: false);
        var contact = check.Text(F.CityContactName, draft.CityContactName, LetterLimits.NameMax);
        var phone = check.Text(F.CityContactPhone, draft.CityContactPhone, LetterLimits.PhoneMax);
        if (unit is null || year is null)
        {
            return null;
        }

        var issuerId = unit.ParentId ?? await db.Units.Where(x => x.Level == Units.UnitLevel.City).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct) ?? unit.Id;
        return new OpinionLetter
        {
            UnitId = unit.Id, IssuerUnitId = issuerId, GuidanceVisitId = visit?.Id ?? draft.VisitId, Year = year.Value, Status = LetterStatus.Draft,
            VisitDate = visitDate ?? default, ReportDeadline = deadline ?? default, Problems = problems,
            CountyResponsibleName = responsible, CityContactName = contact ?? "", CityContactPhone = phone ?? "",
        };
    }

    /// <summary>The day a visit took place: its last day, else its first, else today (findings recorded without dates).</summary>
    private DateOnly? VisitDay(GuidanceVisit? visit) => visit is null ? null : visit.EndDate ?? visit.StartDate ?? runner.ChinaToday;

    /// <summary>What issuing needs beyond a draft: problems, the county's responsible person, the city's contact, a working-day deadline ahead.</summary>
    private void CheckIssue(OpinionLetter letter, InputCheck check)
    {
        var culture = check.Culture;
        if (letter.Problems.Count == 0)
        {
            check.Add("letter.no_problems", F.Problems);
        }
        if (TextRule.IsBlank(letter.CountyResponsibleName))
        {
            check.Add("field.required", F.CountyResponsibleName);
        }
        if (string.IsNullOrWhiteSpace(letter.CityContactName) || string.IsNullOrWhiteSpace(letter.CityContactPhone))
        {
            if (!check.Has(F.CityContactName) && !check.Has(F.CityContactPhone))
            {
                check.Add(DomainError.Create("letter.contact_required", culture, "cityContact"));
            }
        }
        if (letter.ReportDeadline == default || check.Has(F.ReportDeadline))
        {
            return;
        }
        if (letter.ReportDeadline <= runner.ChinaToday)
        {
            check.Add("letter.deadline_past", F.ReportDeadline, Iso(letter.ReportDeadline));
        }
        else if (!calendar.IsWorkingDay(letter.ReportDeadline))
        {
            check.Add("letter.deadline_not_working_day", F.ReportDeadline, Iso(letter.ReportDeadline), Iso(calendar.WorkingDayOnOrAfter(letter.ReportDeadline)));
        }
    }

    /// <summary>Numbers the letter: the serial is taken last, after every refusal, inside the issuing transaction.</summary>
    private async Task<DomainError?> NumberAsync(OpinionLetter letter, Actor actor, CancellationToken ct)
    {
        var issuer = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == letter.IssuerUnitId, ct);
        if (issuer is null)
        {
            return DomainError.Create("letter.issuer_missing", actor.Language, "issuerUnitId");
        }
        var serial = await numbering.NextSerialAsync(letter.IssuerUnitId, letter.Year, ct);
        letter.Serial = serial;
        letter.Number = LetterNumber.Format(issuer.ShortName, letter.Year, serial);
        letter.IssuedOn = runner.ChinaToday;
        letter.IssuedUtc = runner.UtcNow;
        letter.IssuedById = actor.PersonId;
        return null;
    }

    /// <summary>Once the letter is saved with its number: every problem on the 周交办 list, the letter to the unit's liaisons.</summary>
    private async Task AfterIssueAsync(OpinionLetter letter, CancellationToken ct)
    {
        foreach (var p in letter.Problems.OrderBy(p => p.Order))
        {
            await tracker.OpenAsync(letter.UnitId, letter.Year, AssignmentKind.VisitProblem, AssignmentTracker.LetterProblemKey(p.Id),
                AssignmentTracker.LetterProblemTitle(letter.Number!, p.Order, p.Problem), runner.ChinaToday, letter.ReportDeadline, ct: ct);
        }
        await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, letter.UnitId, ct), id => new LetterIssuedNotice(id, letter.Id), ct);
    }

    /// <summary>Once the return is saved: the unit's liaisons are told, once per submission of the report.</summary>
    private async Task AfterReturnAsync(OpinionLetter letter, CancellationToken ct)
    {
        var submission = await db.RectificationReports.Where(r => r.OpinionLetterId == letter.Id).Select(r => (int?)r.SubmissionCount).FirstOrDefaultAsync(ct) ?? 0;
        await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, letter.UnitId, ct), id => new RectificationReturnedNotice(id, letter.Id, submission), ct);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
