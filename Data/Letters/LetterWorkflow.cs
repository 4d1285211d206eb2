using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Letters;

/// <summary>
/// The opinion letter's steps. Issuing takes the next serial of the issuer and year in the same
/// transaction, so two letters issued at once get consecutive numbers and a failed issue leaves no gap.
/// The city issues, returns and closes; the guided unit acknowledges and submits its report.
/// </summary>
public sealed class LetterWorkflow(GuidanceDbContext db, LetterNumbering numbering, WorkingDayCalendar calendar, TimeProvider time)
{
    private readonly WorkflowRunner runner = new(db, time);

    /// <summary>
    /// Issues the letter; <see cref="WorkflowResult.Detail"/> is the number given. <paramref name="alongside"/>
    /// stages what must commit with the issue and needs the number (the notices to the unit), after every check.
    /// </summary>
    public Task<WorkflowResult> IssueAsync(int letterId, Guid seenVersion, Actor actor, CancellationToken ct = default,
        Func<OpinionLetter, CancellationToken, Task>? alongside = null) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.Issue, null, ct, alongside: alongside);

    /// <summary>Receipt (签收); <paramref name="receivedByName"/> is the name signed with, the actor's own by default.</summary>
    public Task<WorkflowResult> AcknowledgeAsync(int letterId, Guid seenVersion, Actor actor, CancellationToken ct = default, string? receivedByName = null) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.Acknowledge, null, ct, receivedByName);

    public Task<WorkflowResult> SubmitReportAsync(int letterId, Guid seenVersion, Actor actor, CancellationToken ct = default) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.SubmitReport, null, ct);

    public Task<WorkflowResult> ReturnReportAsync(int letterId, Guid seenVersion, string? reason, Actor actor, CancellationToken ct = default) =>
        StepAsync(letterId, seenVersion, actor, LetterAction.ReturnReport, reason, ct);

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

    private Task<WorkflowResult> StepAsync(int letterId, Guid seenVersion, Actor actor, LetterAction action, string? reason, CancellationToken ct,
        string? receivedByName = null, Func<OpinionLetter, CancellationToken, Task>? alongside = null)
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
                if (action == LetterAction.ReturnReport && TextRule.IsBlank(reason))
                {
                    return DomainError.Create("submission.reason_required", culture, "reason");
                }
                if (TextRule.Check(reason, culture, TextKind.Paragraphs, field: "reason") is { } badReason)
                {
                    return badReason;
                }
                if (TextRule.Check(receivedByName, culture, TextKind.Line, field: "receivedBy") is { } badName)
                {
                    return badName;
                }

                var now = runner.UtcNow;
                switch (action)
                {
                    case LetterAction.Issue:
                        if (await PrepareIssueAsync(letter, actor, token) is { } refusal)
                        {
                            return refusal;
                        }
                        if (alongside is not null)
                        {
                            await alongside(letter, token);
                        }
                        break;
                    case LetterAction.Acknowledge:
                        letter.AcknowledgedUtc = now;
                        letter.AcknowledgedById = actor.PersonId;
                        letter.AcknowledgedByName = TextRule.IsBlank(receivedByName) ? actor.Name : receivedByName!.Trim();
                        break;
                    case LetterAction.Close:
                        letter.ClosedUtc = now;
                        break;
                }
                letter.Status = next.Value;
                return null;
            },
            letter => AuditEntries.For(actor, Verb(action), nameof(OpinionLetter), letter.Id, letter.UnitId, runner.UtcNow,
                action == LetterAction.ReturnReport ? reason!.Trim() : null,
                action == LetterAction.Issue ? letter.Number : null),
            ct,
            letter => action == LetterAction.Issue ? letter.Number : null);
    }

    /// <summary>Checks the letter is complete, then numbers it. The serial is taken last, after every refusal.</summary>
    private async Task<DomainError?> PrepareIssueAsync(OpinionLetter letter, Actor actor, CancellationToken ct)
    {
        var culture = actor.Language;
        var today = runner.ChinaToday;
        if (letter.Problems.Count == 0)
        {
            return DomainError.Create("letter.no_problems", culture, "problems");
        }
        if (string.IsNullOrWhiteSpace(letter.CityContactName) || string.IsNullOrWhiteSpace(letter.CityContactPhone))
        {
            return DomainError.Create("letter.contact_required", culture, "cityContact");
        }
        if (letter.ReportDeadline <= today)
        {
            return DomainError.Create("letter.deadline_past", culture, "reportDeadline", letter.ReportDeadline.ToString("yyyy-MM-dd", culture));
        }
        if (!calendar.IsWorkingDay(letter.ReportDeadline))
        {
            return DomainError.Create("letter.deadline_not_working_day", culture, "reportDeadline",
                letter.ReportDeadline.ToString("yyyy-MM-dd", culture),
                calendar.WorkingDayOnOrAfter(letter.ReportDeadline).ToString("yyyy-MM-dd", culture));
        }

        var issuer = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == letter.IssuerUnitId, ct);
        if (issuer is null)
        {
            return DomainError.Create("letter.issuer_missing", culture, "issuerUnitId");
        }

        var serial = await numbering.NextSerialAsync(letter.IssuerUnitId, letter.Year, ct);
        letter.Serial = serial;
        letter.Number = LetterNumber.Format(issuer.ShortName, letter.Year, serial);
        letter.IssuedOn = today;
        letter.IssuedUtc = runner.UtcNow;
        letter.IssuedById = actor.PersonId;
        return null;
    }
}
