using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Delivery;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Letters;
using GuidanceBot.Bot.Proactive;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Reviews;

/// <summary>A county filing under review, as the review card shows it.</summary>
public sealed record SubmissionView(
    string Kind, int Id, int UnitId, string UnitName, int Year, SubmissionStatus Status, DateTime? SubmittedUtc,
    int ReturnCount, string? ReturnReason, Guid Version, IReadOnlyList<(string Title, string Value)> Facts);

/// <summary>Loads the three kinds of county filing by a kind word carried in the card data.</summary>
public sealed class SubmissionReader(GuidanceDbContext db)
{
    public const string Plan = "plan";
    public const string Approval = "approval";
    public const string Publication = "publication";

    public static bool IsKind(string? kind) => kind is Plan or Approval or Publication;

    /// <summary>The county's filing verb that opens the form again (the button on a "returned" notice).</summary>
    public static string FilingVerb(string kind) => kind switch
    {
        Plan => Verbs.FilePlan,
        Approval => Verbs.FileApproval,
        _ => Verbs.FilePublication,
    };

    /// <summary>The filing a card names by its <c>kind</c> and <c>id</c>; null when there is none (or the card was edited into nonsense).</summary>
    public Task<SubmissionView?> LoadAsync(CardInput input, CultureInfo culture, CancellationToken ct) =>
        IsKind(input.Text("kind")) && input.Int("id") is { } id ? LoadAsync(input.Text("kind")!, id, culture, ct) : Task.FromResult<SubmissionView?>(null);

    public async Task<SubmissionView?> LoadAsync(string kind, int id, CultureInfo culture, CancellationToken ct)
    {
        string T(string n) => ReviewText.Get(n, culture);
        switch (kind)
        {
            case Plan:
                var plan = await db.AnnualPlans.AsNoTracking().Include(p => p.Unit).Include(p => p.Categories)
                    .Include(p => p.Entries).ThenInclude(e => e.Enterprise).AsSplitQuery()
                    .FirstOrDefaultAsync(p => p.Id == id, ct);
                if (plan is null) return null;
                // The coverage that counts for the plan (its enterprise list, or the figures), as submitting checked it.
                var coverage = Coverage.OfPlan(plan, culture);
                var total = coverage.Total ?? new CoverageLine(Coverage.TotalKey, 0, 0, 0, 0, []);
                List<(string, string)> pf =
                [
                    (T("FactCategories"), coverage.Categories.Count.ToString(CultureInfo.InvariantCulture)),
                    (T("FactKeyPlanned"), $"{total.KeyPlanned}/{total.KeyTotal}"),
                    (T("FactGeneralPlanned"), $"{total.GeneralPlanned}/{total.GeneralTotal}"),
                ];
                if (plan.Entries.Count > 0) pf.Add((T("FactEntries"), $"{plan.Entries.Count(e => e.Planned)}/{plan.Entries.Count}"));
                var names = await db.EnterpriseCategories.AsNoTracking()
                    .ToDictionaryAsync(c => c.Code, c => culture.Name == "en-US" ? c.NameEn : c.Name, ct);
                pf.Add((T("FactCoverage"), coverage.IsMet ? T("CoverageMet")
                    : ReviewText.Format("CoverageShort", culture, string.Join(" ", coverage.Shortfalls(culture, names).Select(e => e.Message)))));
                if (plan.ShortfallExplanation is { } why) pf.Add((T("FactShortfall"), why));
                return View(Plan, plan, pf, culture);
            case Approval:
                var a = await db.PlanApprovals.AsNoTracking().Include(p => p.Unit).FirstOrDefaultAsync(p => p.Id == id, ct);
                if (a is null) return null;
                return View(Approval, a,
                [
                    (T("FactApprovalKind"), T("ApprovalKind." + a.ApprovalKind)),
                    (T("FactApprovalDoc"), $"{a.ApprovalDocumentNumber ?? "—"} · {FlowTurn.Day(a.ApprovalDate)}"),
                    (T("FactFilingDoc"), $"{a.FilingDocumentNumber ?? "—"} · {FlowTurn.Day(a.FilingDate)}"),
                ], culture);
            case Publication:
                var u = await db.PlanPublications.AsNoTracking().Include(p => p.Unit).FirstOrDefaultAsync(p => p.Id == id, ct);
                if (u is null) return null;
                return View(Publication, u,
                [
                    (T("FactPlanUrl"), u.PlanUrl ?? "—"),
                    (T("FactDoubleRandomUrl"), u.DoubleRandomPlanUrl ?? "—"),
                    (T("FactPublishedOn"), FlowTurn.Day(u.PublishedOn)),
                ], culture);
            default:
                return null;
        }
    }

    private static SubmissionView View(string kind, ReviewableSubmission s, List<(string, string)> facts, CultureInfo culture) =>
        new(kind, s.Id, s.UnitId, FlowTurn.UnitName(s.Unit!, culture), s.Year, s.Status, s.SubmittedUtc, s.ReturnCount, s.ReturnReason, s.Version, facts);

    /// <summary>Everything waiting for the city: filings submitted or resubmitted, rectification reports submitted.</summary>
    public async Task<List<(string Kind, int Id, string Unit, DateTime? Submitted)>> QueueAsync(CultureInfo culture, CancellationToken ct)
    {
        var list = new List<(string, int, string, DateTime?)>();
        foreach (var p in await db.AnnualPlans.AsNoTracking().Where(p => p.Status == SubmissionStatus.Submitted || p.Status == SubmissionStatus.Resubmitted)
                     .Select(p => new { p.Id, p.SubmittedUtc, p.Unit!.Name, p.Unit.NameEn }).ToListAsync(ct))
            list.Add((Plan, p.Id, FlowTurn.UnitName(p.Name, p.NameEn, culture), p.SubmittedUtc));
        foreach (var p in await db.PlanApprovals.AsNoTracking().Where(p => p.Status == SubmissionStatus.Submitted || p.Status == SubmissionStatus.Resubmitted)
                     .Select(p => new { p.Id, p.SubmittedUtc, p.Unit!.Name, p.Unit.NameEn }).ToListAsync(ct))
            list.Add((Approval, p.Id, FlowTurn.UnitName(p.Name, p.NameEn, culture), p.SubmittedUtc));
        foreach (var p in await db.PlanPublications.AsNoTracking().Where(p => p.Status == SubmissionStatus.Submitted || p.Status == SubmissionStatus.Resubmitted)
                     .Select(p => new { p.Id, p.SubmittedUtc, p.Unit!.Name, p.Unit.NameEn }).ToListAsync(ct))
            list.Add((Publication, p.Id, FlowTurn.UnitName(p.Name, p.NameEn, culture), p.SubmittedUtc));
        foreach (var l in await db.Letters.AsNoTracking().Where(l => l.Status == LetterStatus.ReportSubmitted)
                     .Select(l => new { l.Id, Submitted = db.RectificationReports.Where(r => r.OpinionLetterId == l.Id).Select(r => r.SubmittedUtc).FirstOrDefault(), l.Unit!.Name, l.Unit.NameEn }).ToListAsync(ct))
            list.Add(("rectification", l.Id, FlowTurn.UnitName(l.Name, l.NameEn, culture), l.Submitted));
        return [.. list.OrderBy(x => x.Item4)];
    }

    /// <summary>The Teams user ids of city staff (from their conversation references), for the card's refresh.</summary>
    public async Task<List<string>> CityUserIdsAsync(CancellationToken ct) =>
        await db.ConversationReferences.AsNoTracking()
            .Where(r => r.IsActive && r.UserId != null && db.People.Any(p => p.Id == r.PersonId && p.IsActive && (p.Role == PersonRole.CityAdmin || p.Role == PersonRole.CityStaff)))
            .Select(r => r.UserId!).Distinct().Take(60).ToListAsync(ct);
}

/// <summary>"review.list": the queue, each item with a button to open it.</summary>
public sealed class ReviewQueueHandler(SubmissionReader reader, FlowGuard guard) : ITurnHandler
{
    public const int MaxItems = 20;

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (await guard.CheckCityAsync(turn, Verbs.ReviewQueue, ct) is { } refused)
        {
            return refused.Response;
        }
        var culture = turn.Culture;
        var queue = await reader.QueueAsync(culture, ct);
        var card = AdaptiveCardBuilder.Create().Title(ReviewText.Get("ReviewQueueTitle", culture));
        if (queue.Count == 0)
        {
            card.Text(ReviewText.Get("ReviewQueueEmpty", culture), color: TextColor.Good);
        }
        foreach (var (kind, id, unit, submitted) in queue.Take(MaxItems))
        {
            var verb = kind == "rectification" ? LetterVerbs.RectificationReview : ReviewVerbs.ReviewOpen;
            var data = kind == "rectification" ? new JsonObject { ["letterId"] = id } : new JsonObject { ["kind"] = kind, ["id"] = id };
            card.Element(new JsonObject
            {
                ["type"] = "Container",
                ["separator"] = true,
                ["items"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = $"**{unit}** · {ReviewText.Get("Kind." + kind, culture)}" },
                    new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["isSubtle"] = true, ["spacing"] = "None",
                        ["text"] = ReviewText.Format("SubmittedOn", culture, submitted is { } s ? s.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—") },
                    new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["title"] = ReviewText.Get("ReviewOpen", culture), ["verb"] = verb, ["data"] = data }) }),
            });
        }
        if (queue.Count > MaxItems)
        {
            card.Text(ReviewText.Format("MoreRows", culture, queue.Count - MaxItems), subtle: true);
        }
        return await turn.ShowAsync(card.Build(), ReviewText.Get("ReviewQueueTitle", culture), ct);
    }
}

/// <summary>
/// "review.open" and "review.refresh": the review card, for city staff only (refresh included: what a card says
/// decides nothing). In a group chat or channel the card everyone sees is read-only, refreshes to the decision
/// form for the city staff Teams lists, and has a button that opens the review in the presser's personal chat,
/// which works in every client (<see cref="ReviewPrivateHandler"/>).
/// </summary>
public sealed class ReviewOpenHandler(SubmissionReader reader, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? ReviewVerbs.ReviewOpen;
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var view = await reader.LoadAsync(CardInput.From(turn), turn.Culture, ct);
        if (view is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var group = turn.Activity.IsGroupConversation();
        var userIds = group ? await reader.CityUserIdsAsync(ct) : null;
        // In a group the card acted on is replaced for everyone: read-only, and each listed city staff
        // member's Teams refreshes it to the decision form.
        var card = ReviewCards.Review(view, turn.Culture, withDecision: !group || verb == ReviewVerbs.ReviewRefresh, refreshFor: userIds);
        return await turn.ShowAsync(card, ReviewText.Get("ReviewTitle", turn.Culture), ct);
    }
}

/// <summary>
/// "review.private": the group card's button. The decision form goes to the presser's personal chat with the bot
/// (their stored 1:1 conversation, or one Teams creates), so city staff can decide from any client, whether or not
/// it refreshes cards; the group card stays as it is. Sent at once, not through the ledger: it answers the
/// press, and a failure is told to the presser right away.
/// </summary>
public sealed class ReviewPrivateHandler(SubmissionReader reader, ProactiveMessenger messenger, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = ReviewVerbs.ReviewPrivate;
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var view = await reader.LoadAsync(CardInput.From(turn), turn.Culture, ct);
        if (view is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var culture = turn.Culture;
        var card = ReviewCards.Review(view, culture, withDecision: true, refreshFor: null);
        var sent = await messenger.SendToPersonAsync(turn.Person!.Id, NoticeOutbox.Message(card, ReviewText.Get("ReviewTitle", culture), culture), ct);
        var text = sent.Outcome == ProactiveOutcome.Sent ? ReviewText.Get("ReviewSentPrivately", culture)
            : sent.PersonUnreachable ? ReviewText.Get("ReviewPrivateUnreachable", culture)
            : ReviewText.Get("ReviewPrivateFailed", culture);
        return AdaptiveCardInvokeResponse.Message(text);
    }
}

/// <summary>"review.accept" / "review.return" through <see cref="SubmissionWorkflow"/>, which tells the unit's liaisons of a return.</summary>
public sealed class ReviewDecisionHandler(SubmissionReader reader, SubmissionWorkflow workflow, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var culture = turn.Culture;
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? ReviewVerbs.ReviewAccept;
        if (await guard.CheckCityAsync(turn, verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var input = CardInput.From(turn);
        var view = await reader.LoadAsync(input, culture, ct);
        if (view is null)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var reopen = new JsonObject { ["kind"] = view.Kind, ["id"] = view.Id };
        // The version the card was made from; the workflow refuses another (a stale card).
        var version = input.Guid("version") ?? Guid.Empty;
        var actor = turn.Actor();
        var reason = input.Text(PlanFields.Reason);
        var id = view.Id;
        var result = verb == ReviewVerbs.ReviewReturn
            ? view.Kind switch
            {
                SubmissionReader.Plan => await workflow.ReturnAsync<AnnualPlan>(id, version, reason, actor, ct),
                SubmissionReader.Approval => await workflow.ReturnAsync<PlanApproval>(id, version, reason, actor, ct),
                _ => await workflow.ReturnAsync<PlanPublication>(id, version, reason, actor, ct),
            }
            : view.Kind switch
            {
                SubmissionReader.Plan => await workflow.AcceptAsync<AnnualPlan>(id, version, actor, ct),
                SubmissionReader.Approval => await workflow.AcceptAsync<PlanApproval>(id, version, actor, ct),
                _ => await workflow.AcceptAsync<PlanPublication>(id, version, actor, ct),
            };
        if (result.Status == WorkflowStatus.Refused && result.Error!.Field == PlanFields.Reason)
        {
            // The same card, the reason marked under its field; nothing written.
            return AdaptiveCardInvokeResponse.Card(ReviewCards.Review(view, culture, withDecision: true, refreshFor: null,
                reason: reason, reasonError: result.Error.Message));
        }
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, result, ct, ReviewVerbs.ReviewOpen, reopen);
        }

        var after = await reader.LoadAsync(view.Kind, id, culture, ct);
        return AdaptiveCardInvokeResponse.Card(ReviewCards.Receipt(after!, turn.Person!.Name, culture));
    }
}

public static class ReviewCards
{
    public static JsonObject Review(SubmissionView v, CultureInfo culture, bool withDecision, IReadOnlyList<string>? refreshFor,
        string? reason = null, string? reasonError = null)
    {
        string T(string n) => ReviewText.Get(n, culture);
        var card = AdaptiveCardBuilder.Create()
            .Title(ReviewText.Format("ReviewCardTitle", culture, v.UnitName, T("Kind." + v.Kind)))
            .Facts([
                (T("FactYear"), v.Year.ToString(CultureInfo.InvariantCulture)),
                (T("FactStatus"), T("Filing." + v.Status)),
                (T("FactSubmitted"), v.SubmittedUtc is { } s ? s.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—"),
                .. v.ReturnCount > 0 ? [(T("FactReturnCount"), v.ReturnCount.ToString(CultureInfo.InvariantCulture))] : Array.Empty<(string, string)>(),
                .. v.Facts,
            ]);
        var data = new JsonObject { ["kind"] = v.Kind, ["id"] = v.Id };
        var waiting = v.Status is SubmissionStatus.Submitted or SubmissionStatus.Resubmitted;
        if (withDecision && waiting)
        {
            card.TextInput(PlanFields.Reason, T("ReturnReasonLabel"), reason, multiline: true, maxLength: PlanLimits.ReasonMax, error: reasonError)
                .Execute(T("Accept"), ReviewVerbs.ReviewAccept, Data(data, v.Version), ActionStyle.Positive, validateInputs: false)
                .Execute(T("Return"), ReviewVerbs.ReviewReturn, Data(data, v.Version), ActionStyle.Destructive);
        }
        else if (!waiting)
        {
            card.Text(T("ReviewNotWaiting"), subtle: true);
        }
        else
        {
            // The read-only card of a group chat: the refresh brings the decision form only where the client
            // refreshes cards; this button works in every client (the form in the presser's personal chat).
            card.Text(T("ReviewCityOnly"), subtle: true)
                .Execute(T("ReviewInPrivate"), ReviewVerbs.ReviewPrivate, data.DeepClone().AsObject(), validateInputs: false);
        }
        if (refreshFor is not null)
        {
            // Everyone sees this read-only card; Teams fetches the decision form for the listed city staff.
            card.Refresh(ReviewVerbs.ReviewRefresh, data, refreshFor);
        }
        return card.Build();

        static JsonObject Data(JsonObject d, Guid version)
        {
            var copy = d.DeepClone().AsObject();
            copy["version"] = version.ToString();
            return copy;
        }
    }

    public static JsonObject Receipt(SubmissionView v, string reviewer, CultureInfo culture)
    {
        string T(string n) => ReviewText.Get(n, culture);
        var card = AdaptiveCardBuilder.Create()
            .Title(ReviewText.Format("ReviewCardTitle", culture, v.UnitName, T("Kind." + v.Kind)))
            .Text(ReviewText.Format(v.Status == SubmissionStatus.Accepted ? "ReceiptAccepted" : "ReceiptReturned", culture, reviewer),
                color: v.Status == SubmissionStatus.Accepted ? TextColor.Good : TextColor.Warning, bold: true);
        if (v.Status == SubmissionStatus.Returned && v.ReturnReason is { } r)
        {
            card.Facts([(T("FactReason"), r)]);
        }
        return card.Build();
    }

    public static JsonObject ReturnedNotice(SubmissionView v, string reason, CultureInfo culture)
    {
        string T(string n) => ReviewText.Get(n, culture);
        return AdaptiveCardBuilder.Create()
            .Title(T("ReturnedTitle." + v.Kind))
            .Text(ReviewText.Format("ReturnedBody", culture, v.Year, T("Kind." + v.Kind)))
            .Facts([(T("FactReason"), reason)])
            .Execute(T("Revise"), SubmissionReader.FilingVerb(v.Kind), validateInputs: false)
            .Build();
    }
}
