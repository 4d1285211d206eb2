using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Letters;

/// <summary>The field names of the completion steps: the API's JSON names and the completion cards' input ids.</summary>
public static class CompletionFields
{
    public const string CompletedOn = "completedOn", Note = "note", Decision = "decision", Item = "item";
}

/// <summary>
/// 闭合 of a problem accepted while still in progress (the city's review accepted its rectification as <c>InProgress</c> with a
/// promised date): it stays on the 周交办 list, due that date, and is nudged until confirmed done. The county reports it done
/// (<see cref="ReportCompletionAsync"/>); city staff confirm (the item leaves the list, closed on the day it was done) or send it back
/// with a note (<see cref="ConfirmCompletionAsync"/>). Both steps carry the report's version seen.
/// </summary>
public sealed partial class LetterWorkflow
{
    public const string CompletionAction = "report.completion", CompletionReviewAction = "report.completion_review";

    /// <summary>The county reports the item done (on <paramref name="completedOn"/>, today when not given; not ahead).</summary>
    public async Task<WorkflowResult> ReportCompletionAsync(int letterId, int itemId, Guid reportVersion, DateOnly? completedOn, string? note, Actor actor,
        CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.own_unit_only", culture));
        }
        var check = new InputCheck(culture);
        var day = check.Date(CompletionFields.CompletedOn, completedOn, CompletionFields.CompletedOn, required: false);
        if (day is { } d && d > runner.ChinaToday)
        {
            check.Add("completion.date_ahead", CompletionFields.CompletedOn, d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        var text = check.Text(CompletionFields.Note, note, RectificationLimits.ReviewNoteMax, required: false, kind: TextKind.Paragraphs);
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }
        var result = await CompletionStepAsync(letterId, itemId, reportVersion, actor, (report, item) =>
        {
            if (report.UnitId != actor.UnitId)
            {
                return DomainError.Create("auth.own_unit_only", culture);
            }
            if (item.CompletedOn is not null)
            {
                return DomainError.Create("completion.already_reported", culture, "status");
            }
            (item.CompletedOn, item.CompletionNote) = (day ?? runner.ChinaToday, text);
            return null;
        }, (report, item) => AuditEntries.For(actor, CompletionAction, nameof(RectificationReport), report.Id, report.UnitId, runner.UtcNow, text,
            $"item {item.Id}: done {item.CompletedOn:yyyy-MM-dd}"), ct);
        return result;
    }

    /// <summary>City staff confirm a reported completion (<c>Accepted</c>) or send it back (<c>Returned</c>, with a note).</summary>
    public async Task<WorkflowResult> ConfirmCompletionAsync(int letterId, int itemId, Guid reportVersion, string? decision, string? note, Actor actor,
        CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (CityItemDecision(itemId, decision, note, actor, CompletionFields.Decision, CompletionFields.Note, out var review) is { } refused)
        {
            return refused;
        }
        var (verdict, text) = review;
        DateOnly? closedOn = null;
        return await CompletionStepAsync(letterId, itemId, reportVersion, actor, (report, item) =>
        {
            if (item.CompletedOn is not { } done)
            {
                return DomainError.Create("completion.not_reported", culture, "status");
            }
            if (verdict == ReviewDecision.Accepted)
            {
                (item.CompletionConfirmedUtc, item.CompletionConfirmedById) = (runner.UtcNow, actor.PersonId);
                closedOn = done;
            }
            else
            {
                // Back to the county: not done yet, with the city's note; the item stays due its promised date.
                (item.CompletedOn, item.CompletionNote) = (null, text);
            }
            return null;
        }, (report, item) => AuditEntries.For(actor, CompletionReviewAction, nameof(RectificationReport), report.Id, report.UnitId, runner.UtcNow, text,
            $"item {item.Id}: {verdict}"), ct, async (item, token) =>
        {
            if (closedOn is { } on)
            {
                await tracker.CloseAsync(AssignmentTracker.LetterProblemKey(item.LetterProblemId), on, token);
            }
        });
    }

    /// <summary>The shape both completion steps share: the report's version seen, an item accepted as in progress and not yet confirmed.</summary>
    private async Task<WorkflowResult> CompletionStepAsync(int letterId, int itemId, Guid reportVersion, Actor actor,
        Func<RectificationReport, RectificationItem, DomainError?> step, Func<RectificationReport, RectificationItem, AuditEntry> audit, CancellationToken ct,
        Func<RectificationItem, CancellationToken, Task>? after = null)
    {
        var culture = actor.Language;
        var result = await runner.RunAsync<RectificationReport>(
            async token =>
            {
                var (_, report) = await ReportOfItemAsync(letterId, itemId, withProblems: false, token);
                return report is not null && (actor.IsCity || report.UnitId == actor.UnitId) ? report : null;
            },
            nameof(RectificationReport),
            reportVersion,
            actor,
            async (report, token) =>
            {
                var item = report.Items.Single(i => i.Id == itemId);
                if (item.CompletionConfirmedUtc is not null)
                {
                    return DomainError.Create("completion.already_confirmed", culture, "status");
                }
                if (!item.AwaitsCompletion)
                {
                    return DomainError.Create("completion.not_in_progress", culture, "status");
                }
                if (step(report, item) is { } refused)
                {
                    return refused;
                }
                db.Entry(report).State = EntityState.Modified; // a new version: a card made before this is stale
                if (after is not null)
                {
                    await after(item, token);
                }
                return null;
            },
            report => audit(report, report.Items.Single(i => i.Id == itemId)),
            ct);
        return result with { Id = itemId };
    }
}
