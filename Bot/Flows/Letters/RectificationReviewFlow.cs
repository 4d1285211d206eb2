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
/// "rectification.review" and its save: the city accepts or returns each problem's rectification through
/// <see cref="LetterWorkflow.ReviewReportAsync"/>, which closes the letter (and its 周交办 items) when every problem is
/// accepted, or returns the report and tells the liaisons. The handler only translates the card to the decisions.
/// </summary>
public sealed class RectificationReviewHandler(GuidanceDbContext db, LetterWorkflow workflow, FlowGuard guard) : ITurnHandler
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

        // The card's choices as the workflow takes them; every rule (a decision for each open problem, a note with a return,
        // then close or return) is the workflow's, in one transaction with the decisions.
        var reviews = report.Items.Where(i => i.Decision != ReviewDecision.Accepted)
            .Select(i => new ItemReview(i.Id, input.Text($"d_{i.Id}"), input.Text($"n_{i.Id}"))).ToList();
        var result = await workflow.ReviewReportAsync(letter.Id, letter.Version, report.Version, reviews, turn.Actor(), ct);
        if (result.Status == WorkflowStatus.Refused && result.Errors.All(e => e.Field is not null))
        {
            var errors = CardErrors.From(result.Errors, InputId).Fields.ToDictionary();
            return AdaptiveCardInvokeResponse.Card(RectificationCards.Review(letter, report, input, errors, culture));
        }
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, result, ct, LetterVerbs.RectificationReview, reopen);
        }
        var returned = reviews.Count(r => r.Decision == "return");
        var decisions = reviews;
        var accepted = decisions.Count(r => r.Decision == "accept") + report.Items.Count(i => i.Decision == ReviewDecision.Accepted);
        return AdaptiveCardInvokeResponse.Card(RectificationCards.Receipt(letter.Number!, returned == 0, accepted, report.Items.Count, culture));
    }

    /// <summary>The workflow's field of one problem's decision or note → the card's input (<c>d_{item}</c>, <c>n_{item}</c>).</summary>
    private static string InputId(string field)
    {
        var m = System.Text.RegularExpressions.Regex.Match(field, @"^reviews\[(\d+)\]\.(decision|note)$");
        return m.Success ? (m.Groups[2].Value == "decision" ? "d_" : "n_") + m.Groups[1].Value : field;
    }
}
