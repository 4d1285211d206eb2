using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Letters.CompletionFields;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>Verbs of a problem accepted as in progress (闭合): open its card, report it done (county), confirm it (city).</summary>
public static class CompletionVerbs
{
    public const string Open = "completion.open";
    public const string Report = "completion.report";
    public const string Confirm = "completion.confirm";
}

/// <summary>One problem accepted as in progress, as the card shows it.</summary>
public sealed record CompletionView(int LetterId, int ItemId, int UnitId, string LetterNumber, int Order, string Problem, string? Measures,
    DateOnly? Promised, DateOnly? CompletedOn, string? Note, bool Confirmed, bool Awaits, Guid ReportVersion);

/// <summary>The completion card: the county reports the problem done, city staff confirm it or send it back.</summary>
public static class CompletionCards
{
    public static JsonObject Card(CompletionView v, bool forCity, CardInput? typed, CardErrors errors, string? notice, CultureInfo c)
    {
        string T(string n) => RectificationText.Get(n, c);
        string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
        var card = AdaptiveCardBuilder.Create()
            .Title(RectificationText.Format("CompletionTitle", c, v.LetterNumber, v.Order))
            .Facts([
                (T("CompletionProblem"), v.Problem),
                (T("CompletionMeasures"), v.Measures ?? "—"),
                (T("CompletionPromised"), D(v.Promised)),
                (T("CompletionDoneOn"), D(v.CompletedOn)),
                (T("CompletionNote"), v.Note ?? "—"),
            ]);
        if (notice is not null)
        {
            card.Text(notice, color: TextColor.Good, bold: true);
        }
        if (errors.General is { } general)
        {
            card.Error(general);
        }
        var data = new JsonObject { ["letterId"] = v.LetterId, ["itemId"] = v.ItemId, ["version"] = v.ReportVersion.ToString() };
        if (v.Confirmed)
        {
            card.Text(T("CompletionConfirmed"), color: TextColor.Good);
        }
        else if (!v.Awaits)
        {
            card.Text(T("CompletionNotAwaiting"), subtle: true);
        }
        else if (forCity && v.CompletedOn is not null)
        {
            card.ChoiceInput(F.Decision, T("CompletionDecision"), [(T("CompletionAccept"), "Accepted"), (T("CompletionReturn"), "Returned")],
                    typed?.Text(F.Decision), error: errors[F.Decision])
                .TextInput(F.Note, T("CompletionReviewNote"), typed?.Text(F.Note), multiline: true, maxLength: RectificationLimits.ReviewNoteMax, error: errors[F.Note])
                .Execute(T("CompletionConfirmButton"), CompletionVerbs.Confirm, data, ActionStyle.Positive);
        }
        else if (!forCity && v.CompletedOn is null)
        {
            card.DateInput(F.CompletedOn, T("CompletionDoneOn"), typed?.Date(F.CompletedOn), error: errors[F.CompletedOn])
                .TextInput(F.Note, T("CompletionReportNote"), typed?.Text(F.Note), multiline: true, maxLength: RectificationLimits.ReviewNoteMax, error: errors[F.Note])
                .Execute(T("CompletionReportButton"), CompletionVerbs.Report, data, ActionStyle.Positive);
        }
        else
        {
            card.Text(T(forCity ? "CompletionWaitCounty" : "CompletionWaitCity"), subtle: true);
        }
        return card.Build();
    }
}

/// <summary>
/// "completion.open", "completion.report", "completion.confirm": the card of a problem accepted as in progress, through
/// <see cref="LetterWorkflow.ReportCompletionAsync"/> (county) and <see cref="LetterWorkflow.ConfirmCompletionAsync"/> (city).
/// </summary>
public sealed class CompletionHandler(GuidanceDbContext db, LetterWorkflow workflow, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var verb = turn.Activity.GetAdaptiveCardAction()?.Verb ?? CompletionVerbs.Open;
        var input = CardInput.From(turn);
        var c = turn.Culture;
        var view = input.Int("letterId") is { } letterId && input.Int("itemId") is { } itemId ? await LoadAsync(letterId, itemId, ct) : null;
        if (await guard.CheckRecordAsync(turn, verb, view?.UnitId, ct) is { } refused)
        {
            return refused.Response;
        }
        var forCity = turn.Person!.IsCity;
        if ((verb == CompletionVerbs.Report && forCity) || (verb == CompletionVerbs.Confirm && !forCity))
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Role, ct);
        }
        var title = RectificationText.Format("CompletionTitle", c, view!.LetterNumber, view.Order);
        if (verb == CompletionVerbs.Open)
        {
            return await turn.ShowAsync(CompletionCards.Card(view, forCity, null, CardErrors.None, null, c), title, ct);
        }
        if (input.Guid("version") is not { } version)
        {
            return await guard.StaleAsync(turn, verb, ct, CompletionVerbs.Open, new JsonObject { ["letterId"] = view.LetterId, ["itemId"] = view.ItemId });
        }
        var dateError = verb == CompletionVerbs.Report && !string.IsNullOrWhiteSpace(input.Text(F.CompletedOn)) && input.Date(F.CompletedOn) is null
            ? input.DateRefusal(F.CompletedOn, RectificationText.Get("CompletionDoneOn", c), c) : null;
        var result = dateError is not null ? WorkflowResult.Refused(dateError)
            : verb == CompletionVerbs.Report
                ? await workflow.ReportCompletionAsync(view.LetterId, view.ItemId, version, input.Date(F.CompletedOn), input.Text(F.Note), turn.Actor(), ct)
                : await workflow.ConfirmCompletionAsync(view.LetterId, view.ItemId, version, input.Text(F.Decision), input.Text(F.Note), turn.Actor(), ct);
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, verb, result, ct, CompletionVerbs.Open, new JsonObject { ["letterId"] = view.LetterId, ["itemId"] = view.ItemId },
                errors => CompletionCards.Card(view, forCity, input, errors with { General = errors.General ?? errors["status"] }, null, c));
        }
        var now = (await LoadAsync(view.LetterId, view.ItemId, ct))!;
        var notice = RectificationText.Get(verb == CompletionVerbs.Report ? "CompletionReported"
            : now.Confirmed ? "CompletionConfirmedNotice" : "CompletionReturnedNotice", c);
        return await turn.ShowAsync(CompletionCards.Card(now, forCity, null, CardErrors.None, notice, c), title, ct);
    }

    private async Task<CompletionView?> LoadAsync(int letterId, int itemId, CancellationToken ct)
    {
        var row = await db.RectificationItems.AsNoTracking().Where(i => i.Id == itemId)
            .Join(db.RectificationReports, i => i.RectificationReportId, r => r.Id, (i, r) => new { i, r })
            .Where(x => x.r.OpinionLetterId == letterId)
            .Select(x => new { x.i, x.r.Version, x.r.UnitId, x.r.Letter!.Number, Problem = x.i.Problem })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new CompletionView(letterId, itemId, row.UnitId, row.Number ?? letterId.ToString(CultureInfo.InvariantCulture),
            row.Problem?.Order ?? 0, row.Problem?.Problem ?? "—", row.i.Measures, row.i.ExpectedCompletion, row.i.CompletedOn, row.i.CompletionNote,
            row.i.CompletionConfirmedUtc is not null, row.i.AwaitsCompletion, row.Version);
    }
}
