using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Reviews;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>
/// "rectification.review" and its save: the city accepts or returns each problem's rectification. When every
/// problem is accepted the letter closes (<see cref="LetterWorkflow.CloseAsync"/>) and its 周交办 items close;
/// otherwise the report goes back (<see cref="LetterWorkflow.ReturnReportAsync"/>, which tells the liaisons). The
/// report's decisions and the items commit in the workflow's transaction.
/// </summary>
public sealed class RectificationReviewHandler(
    GuidanceDbContext db, LetterWorkflow workflow, AssignmentTracker tracker, TimeProvider time, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? LetterVerbs.RectificationReview;
        var input = CardInput.From(turn);
        var letterId = input.Int("letterId");
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var culture = turn.Culture;
        var letter = letterId is null ? null : await db.Letters.AsNoTracking().Include(l => l.Unit).Include(l => l.Problems).FirstOrDefaultAsync(l => l.Id == letterId, ct);
        var report = letter is null ? null : await db.RectificationReports.AsNoTracking().Include(r => r.Items).ThenInclude(i => i.Evidence)
            .FirstOrDefaultAsync(r => r.OpinionLetterId == letter.Id, ct);
        if (letter is null || report is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var reopen = new JsonObject { ["letterId"] = letter.Id };
        if (verb != LetterVerbs.RectificationReviewSave)
        {
            return await turn.ShowAsync(RectificationCards.Review(letter, report, null, null, culture), LetterText.Get("RectReviewTitle", culture), ct);
        }
        if (input.Guid("letterVersion") != letter.Version || input.Guid("reportVersion") != report.Version)
        {
            return await guard.StaleAsync(turn, verb, ct, LetterVerbs.RectificationReview, reopen);
        }
        if (letter.Status != LetterStatus.ReportSubmitted)
        {
            return await turn.RefuseAsync(422, "notSubmitted", LetterText.Get("RectNotSubmitted", culture), ct);
        }

        // Each item not yet accepted needs a decision; a return needs a note.
        var errors = new Dictionary<string, string>();
        var decisions = new Dictionary<int, (ReviewDecision Decision, string? Note)>();
        foreach (var item in report.Items.Where(i => i.Decision != ReviewDecision.Accepted))
        {
            var decision = input.Text($"d_{item.Id}") switch { "accept" => ReviewDecision.Accepted, "return" => ReviewDecision.Returned, _ => ReviewDecision.Pending };
            var note = input.Text($"n_{item.Id}");
            if (decision == ReviewDecision.Pending) errors[$"d_{item.Id}"] = LetterText.Get("DecisionRequired", culture);
            if (decision == ReviewDecision.Returned && note is null) errors[$"n_{item.Id}"] = LetterText.Get("ReturnNoteRequired", culture);
            if (note is { Length: > 2000 }) errors[$"n_{item.Id}"] = LetterText.Format("TooLong", culture, 2000);
            decisions[item.Id] = (decision, note);
        }
        if (errors.Count > 0)
        {
            return AdaptiveCardInvokeResponse.Card(RectificationCards.Review(letter, report, input, errors, culture));
        }

        // Stage everything on the context; the workflow step commits it with the letter's change, or drops it.
        var tracked = await db.RectificationReports.Include(r => r.Items).FirstAsync(r => r.Id == report.Id, ct);
        db.Entry(tracked).Property(r => r.Version).OriginalValue = report.Version;
        db.Entry(tracked).State = EntityState.Modified;
        var now = time.GetUtcNow().UtcDateTime;
        var today = time.ChinaToday();
        foreach (var item in tracked.Items.Where(i => decisions.ContainsKey(i.Id)))
        {
            (item.Decision, item.ReviewNote) = decisions[item.Id];
            item.ReviewedUtc = now;
            item.ReviewedById = turn.Person!.Id;
            db.AuditLog.Add(AuditEntries.For(turn.Actor(), "report.review", nameof(RectificationReport), tracked.Id, tracked.UnitId, now,
                item.ReviewNote, $"item {item.Id}: {item.Decision}"));
            if (item.Decision == ReviewDecision.Accepted)
            {
                await tracker.CloseAsync(AssignmentTracker.LetterProblemKey(item.LetterProblemId), today, ct);
            }
        }
        var returned = tracked.Items.Where(i => i.Decision == ReviewDecision.Returned).ToList();
        WorkflowResult result;
        if (returned.Count == 0)
        {
            tracked.Status = ReportStatus.Accepted;
            result = await workflow.CloseAsync(letter.Id, letter.Version, turn.Actor(), ct);
        }
        else
        {
            tracked.Status = ReportStatus.Returned;
            var lines = returned.Select(i => (Order: letter.Problems.First(p => p.Id == i.LetterProblemId).Order, Note: i.ReviewNote!)).OrderBy(x => x.Order).ToList();
            var reason = string.Join("; ", lines.Select(l => $"{l.Order}: {l.Note}"));
            result = await workflow.ReturnReportAsync(letter.Id, letter.Version, reason, turn.Actor(), ct);
        }
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, result, ct, LetterVerbs.RectificationReview, reopen);
        }
        var accepted = decisions.Count(d => d.Value.Decision == ReviewDecision.Accepted) + report.Items.Count(i => i.Decision == ReviewDecision.Accepted);
        return AdaptiveCardInvokeResponse.Card(RectificationCards.Receipt(letter.Number!, returned.Count == 0, accepted, report.Items.Count, culture));
    }
}
