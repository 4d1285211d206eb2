using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Cases;

/// <summary>What a county reports about a case it sent upstream. Fields are as the client sent them.</summary>
public sealed record CaseReport(int? Year, string? Title, string? CaseNumber, DateOnly? ReportedOn, string? EnforcementType);

/// <summary>
/// The city's judgement of a case against the plan's five criteria. <see cref="Qualified"/> may be left
/// out, then the case qualifies exactly when all five hold.
/// </summary>
public sealed record CaseDecision(
    bool? Qualified, bool? ProcedureSound, bool? ContentAccurate, bool? EvidenceConclusive, bool? LawCorrectlyApplied, bool? FileComplete, string? Reason);

/// <summary>
/// 典型案例报送: a county liaison reports a case it sent through the Ministry's system; city staff judge it
/// against 程序规范、内容精准、证据确凿、法律适用准确、卷宗完整. The bot and the API both go through here.
/// Rules: a case is reported by the county for its own unit, dated in its year and not after today (China),
/// its number unique in the unit. Judging is for city staff: not qualified needs a reason and at least one
/// criterion failed; qualified needs all five. A decision can be changed (re-judged) by city staff with the
/// version they saw; repeating the same decision is refused so the county is not told twice.
/// </summary>
public sealed class CaseWorkflow(GuidanceDbContext db, INoticeOutbox outbox, TimeProvider time)
{
    private const int TitleMax = CaseLimits.TitleMax, NumberMax = CaseLimits.NumberMax, ReasonMax = CaseLimits.ReasonMax;

    /// <summary>The criteria's field names (API JSON names, card input ids), in the plan's order.</summary>
    public static readonly IReadOnlyList<string> Criteria = [CaseFields.ProcedureSound, CaseFields.ContentAccurate, CaseFields.EvidenceConclusive, CaseFields.LawCorrectlyApplied, CaseFields.FileComplete];

    private readonly WorkflowRunner runner = new(db, time, outbox);

    /// <summary>
    /// Reports a case for the actor's unit; city staff are asked to judge it (<see cref="CaseReportedNotice"/>) in the
    /// same transaction. <see cref="WorkflowResult.Id"/> is the case.
    /// </summary>
    public async Task<WorkflowResult> ReportAsync(CaseReport report, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (actor.Role is not (PersonRole.CountyLiaison or PersonRole.CountyResponsible))
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.county_only", culture));
        }

        var errors = new List<DomainError>();
        var today = runner.ChinaToday;
        var year = report.Year ?? today.Year;
        if (year < 2000 || year > today.Year)
        {
            errors.Add(DomainError.Create("case.year", culture, "year", today.Year));
        }
        var title = Text(report.Title, "title", TitleMax);
        var number = Text(report.CaseNumber, "caseNumber", NumberMax);
        if (report.ReportedOn is not { } date)
        {
            errors.Add(DomainError.Create("case.required", culture, "reportedOn"));
        }
        else if (date.Year != year)
        {
            errors.Add(DomainError.Create("case.date_year", culture, "reportedOn", year));
        }
        else if (date > today)
        {
            errors.Add(DomainError.Create("case.date_future", culture, "reportedOn", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }
        var type = EnforcementTypes.Find(report.EnforcementType);
        if (report.EnforcementType is null || string.IsNullOrWhiteSpace(report.EnforcementType))
        {
            errors.Add(DomainError.Create("case.required", culture, "enforcementType"));
        }
        else if (type is null)
        {
            errors.Add(DomainError.Create("case.enforcement_type", culture, "enforcementType",
                string.Join(culture.TwoLetterISOLanguageName == "en" ? ", " : "、", EnforcementTypes.All.Select(t => culture.TwoLetterISOLanguageName == "en" ? t.English : t.Chinese))));
        }
        if (number is not null && await db.TypicalCases.AnyAsync(c => c.UnitId == actor.UnitId && c.CaseNumber == number, ct))
        {
            errors.Add(DomainError.Create("case.number_exists", culture, "caseNumber", number));
        }
        if (errors.Count > 0)
        {
            return WorkflowResult.Refused(errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var kase = new TypicalCase
            {
                UnitId = actor.UnitId, Year = year, Title = title!, CaseNumber = number!, ReportedOn = report.ReportedOn!.Value,
                EnforcementType = type!.Code, ReportedById = actor.PersonId ?? 0, Qualification = CaseQualification.Pending,
            };
            db.TypicalCases.Add(kase);
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, "case.report", nameof(TypicalCase), kase.Id, kase.UnitId, runner.UtcNow, details: kase.CaseNumber));
            await db.SaveChangesAsync(ct);
            await runner.NotifyAsync(await Recipients.CityStaffAsync(db, ct), id => new CaseReportedNotice(id, kase.Id), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(kase.Version, id: kase.Id);
        }
        catch (DbUpdateException)
        {
            // The same number reported at the same moment by another liaison: the unique index refused ours.
            await tx.RollbackAsync(ct);
            return WorkflowResult.Refused(DomainError.Create("case.number_exists", culture, "caseNumber", number!));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        string? Text(string? value, string field, int max)
        {
            var v = value?.Trim();
            if (TextRule.IsBlank(v))
            {
                errors.Add(DomainError.Create("case.required", culture, field));
                return null;
            }
            if (v!.Length > max)
            {
                errors.Add(DomainError.Create("case.too_long", culture, field, max));
                return null;
            }
            if (TextRule.Check(v, culture, TextKind.Line, field: field) is { } refused)
            {
                errors.Add(refused);
                return null;
            }
            return v;
        }
    }

    /// <summary>
    /// Judges (or re-judges) a case; the unit's liaisons are told the decision (<see cref="CaseJudgedNotice"/>) in the
    /// same transaction, once per version judged. A refusal or a conflict tells nobody.
    /// </summary>
    public async Task<WorkflowResult> JudgeAsync(int id, Guid seenVersion, CaseDecision decision, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }
        var errors = Check(decision, culture, out var qualified, out var reason);
        if (errors.Count > 0)
        {
            return WorkflowResult.Refused(errors);
        }

        CaseQualification? before = null;
        var result = await runner.RunAsync<TypicalCase>(
            token => db.TypicalCases.SingleOrDefaultAsync(c => c.Id == id, token),
            nameof(TypicalCase),
            seenVersion,
            actor,
            (c, _) =>
            {
                var criteria = (decision.ProcedureSound, decision.ContentAccurate, decision.EvidenceConclusive, decision.LawCorrectlyApplied, decision.FileComplete);
                var next = qualified ? CaseQualification.Qualified : CaseQualification.NotQualified;
                if (c.Qualification == next && (c.ProcedureSound, c.ContentAccurate, c.EvidenceConclusive, c.LawCorrectlyApplied, c.FileComplete) == criteria
                    && c.QualificationReason == reason)
                {
                    return Task.FromResult<DomainError?>(DomainError.Create("case.judge_unchanged", culture));
                }
                before = c.Qualification == CaseQualification.Pending ? null : c.Qualification;
                (c.ProcedureSound, c.ContentAccurate, c.EvidenceConclusive, c.LawCorrectlyApplied, c.FileComplete) = criteria;
                c.Qualification = next;
                c.QualificationReason = reason;
                c.JudgedById = actor.PersonId;
                c.JudgedUtc = runner.UtcNow;
                return Task.FromResult<DomainError?>(null);
            },
            c => AuditEntries.For(actor, before is null ? "case.judge" : "case.rejudge", nameof(TypicalCase), c.Id, c.UnitId, runner.UtcNow, c.QualificationReason,
                before is null ? c.Qualification.ToString() : $"{before} → {c.Qualification}"),
            ct,
            afterSave: async (c, token) =>
                await runner.NotifyAsync(await Recipients.UnitLiaisonsAsync(db, c.UnitId, token), to => new CaseJudgedNotice(to, c.Id, seenVersion, before is not null), token));
        return result with { Id = id };
    }

    /// <summary>The decision's own rules, before any record is read (the card shows each error under its field).</summary>
    public static List<DomainError> Check(CaseDecision decision, System.Globalization.CultureInfo culture, out bool qualified, out string? reason)
    {
        var errors = new List<DomainError>();
        bool?[] values = [decision.ProcedureSound, decision.ContentAccurate, decision.EvidenceConclusive, decision.LawCorrectlyApplied, decision.FileComplete];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                errors.Add(DomainError.Create("case.required", culture, Criteria[i]));
            }
        }
        var allHold = values.All(v => v == true);
        qualified = decision.Qualified ?? allHold;
        reason = TextRule.IsBlank(decision.Reason) ? null : decision.Reason!.Trim();
        if (reason is { Length: > ReasonMax })
        {
            errors.Add(DomainError.Create("case.too_long", culture, "reason", ReasonMax));
        }
        else if (TextRule.Check(reason, culture, TextKind.Paragraphs, field: "reason") is { } refused)
        {
            errors.Add(refused);
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        if (qualified && !allHold)
        {
            errors.Add(DomainError.Create("case.qualified_needs_all", culture, "qualified"));
        }
        else if (!qualified && allHold)
        {
            errors.Add(DomainError.Create("case.not_qualified_needs_failed", culture, "qualified"));
        }
        if (!qualified && reason is null)
        {
            errors.Add(DomainError.Create("case.reason_required", culture, "reason"));
        }
        return errors;
    }
}
