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
/// otherwise the report goes back (<see cref="LetterWorkflow.ReturnReportAsync"/>) and the liaisons are told at
/// once. The report's decisions, the items and the notices commit in the workflow's transaction.
/// </summary>
public sealed class RectificationReviewHandler(
    GuidanceDbContext db, LetterWorkflow workflow, DeliveryLedger ledger, AssignmentTracker tracker, TimeProvider time,
    FlowGuard guard) : ITurnHandler
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
            var liaisons = await db.People.AsNoTracking().Where(p => p.UnitId == letter.UnitId && p.Role == PersonRole.CountyLiaison && p.IsActive).ToListAsync(ct);
            foreach (var person in liaisons)
            {
                var c = CultureInfo.GetCultureInfo(person.PreferredLanguage ?? "zh-CN");
                await ledger.EnqueueAsync(db, new DeliveryKey(person.Id, "rectification-returned", $"letter:{letter.Id}", $"return-{tracked.SubmissionCount}"),
                    ReviewDecisionHandler.Notice(RectificationCards.ReturnedNotice(letter.Number!, lines, c), LetterText.Format("RectReturnedTitle", c, letter.Number), c), ct: ct);
            }
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

public static class RectificationCards
{
    public static JsonObject Review(OpinionLetter letter, RectificationReport report, CardInput? input, Dictionary<string, string>? errors, CultureInfo culture)
    {
        string T(string n) => LetterText.Get(n, culture);
        var card = AdaptiveCardBuilder.Create()
            .Title(LetterText.Format("RectReviewCardTitle", culture, letter.Number))
            .Facts([
                (T("FactUnit"), FlowTurn.UnitName(letter.Unit!, culture)),
                (T("ResponsibleLabel"), report.ResponsibleName ?? "—"),
                (T("FactSubmitted"), report.SubmittedUtc is { } s ? s.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—"),
                (T("DeadlineLabel"), FlowTurn.Day(letter.ReportDeadline) + (report.IsLate ? " · " + T("ReportLate") : "")),
            ]);
        if (errors is { Count: > 0 })
        {
            card.Error(T("FormHasErrors"));
        }
        var choices = new[] { (T("Accept"), "accept"), (T("Return"), "return") };
        foreach (var item in report.Items.OrderBy(i => letter.Problems.FirstOrDefault(p => p.Id == i.LetterProblemId)?.Order ?? 0))
        {
            var problem = letter.Problems.FirstOrDefault(p => p.Id == item.LetterProblemId);
            card.Heading(LetterText.Format("ProblemNo", culture, problem?.Order ?? 0))
                .Text(problem?.Problem ?? "")
                .Facts([
                    (T("MeasuresLabel"), item.Measures ?? "—"),
                    (T("ProgressLabel"), item.Progress == RectificationProgress.Done ? T("ProgressDone") : LetterText.Format("ProgressInProgress", culture, FlowTurn.Day(item.ExpectedCompletion))),
                    (T("EvidenceLabel"), item.Evidence.Count == 0 ? "—" : string.Join(" ", item.Evidence.Select(e => e.Url ?? e.Caption ?? "📎"))),
                ]);
            if (item.Decision == ReviewDecision.Accepted)
            {
                card.Text("✅ " + T("ItemAccepted"), color: TextColor.Good);
                continue;
            }
            if (letter.Status != LetterStatus.ReportSubmitted)
            {
                card.Text(item.Decision == ReviewDecision.Returned ? "↩ " + item.ReviewNote : "—", subtle: true);
                continue;
            }
            card.ChoiceInput($"d_{item.Id}", T("DecisionLabel"), choices, input?.Text($"d_{item.Id}"), expanded: true, error: errors?.GetValueOrDefault($"d_{item.Id}"))
                .TextInput($"n_{item.Id}", T("ReturnNoteLabel"), input?.Text($"n_{item.Id}"), multiline: true, maxLength: 2000, error: errors?.GetValueOrDefault($"n_{item.Id}"));
        }
        if (letter.Status == LetterStatus.ReportSubmitted)
        {
            card.Execute(T("RectReviewSave"), LetterVerbs.RectificationReviewSave, new JsonObject
            {
                ["letterId"] = letter.Id, ["letterVersion"] = letter.Version.ToString(), ["reportVersion"] = report.Version.ToString(),
            }, ActionStyle.Positive);
        }
        else
        {
            card.Text(T("RectNotSubmitted"), subtle: true);
        }
        return card.Build();
    }

    public static JsonObject Receipt(string number, bool closed, int accepted, int total, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Format("RectReviewCardTitle", culture, number))
            .Text(closed ? LetterText.Format("RectClosed", culture, number) : LetterText.Format("RectReturnedReceipt", culture, accepted, total),
                color: closed ? TextColor.Good : TextColor.Warning, bold: true)
            .Build();

    public static JsonObject ReturnedNotice(string number, IReadOnlyList<(int Order, string Note)> lines, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(LetterText.Format("RectReturnedTitle", culture, number))
            .Text(LetterText.Get("RectReturnedBody", culture))
            .Facts(lines.Select(l => (LetterText.Format("ProblemNo", culture, l.Order), l.Note)))
            .Execute(LetterText.Get("Revise", culture), Verbs.FileRectification, validateInputs: false)
            .Build();
}
