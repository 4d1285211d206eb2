using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Flows.Tracking;

/// <summary>
/// "本周交办" / "weekly" and the next-page button: the latest weekly list. City staff see all of it; anyone
/// in a county sees their own unit's lines, decided from the sender, whatever the card data says.
/// </summary>
public sealed class WeeklyHandler(GuidanceDbContext db, TrackingPublisher publisher, IOptions<NudgeOptions> options) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var person = turn.Person!;
        var input = CardInput.From(turn);
        var requested = input.Int("snapshotId");
        var page = input.Int("page") ?? 1;

        var query = db.WeeklySnapshots.AsNoTracking().Include(s => s.Lines).Include(s => s.Cases);
        var snapshot = requested is { } sid
            ? await query.FirstOrDefaultAsync(s => s.Id == sid, ct)
            : await query.OrderByDescending(s => s.WeekStart).FirstOrDefaultAsync(ct);
        if (snapshot is null)
        {
            return await AnswerAsync(turn, TrackingText.Get("NoWeekly", turn.Culture), ct);
        }

        var units = await publisher.UnitsAsync(ct);
        var lines = snapshot.Lines.Where(l => person.IsCity || l.UnitId == person.UnitId).OrderBy(l => l.Order).ToList();
        var card = TrackingCards.Weekly(snapshot, lines, page, options.Value.WeeklyLinesPerCard, units,
            person.IsCity ? null : units.GetValueOrDefault(person.UnitId), turn.Culture, publisher.WeeklyLink(snapshot.Id, person), withPager: true);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(card, card["body"]?[0]?["text"]?.GetValue<string>(), ct);
        return null;
    }

    internal static async Task<InvokeResponse?> AnswerAsync(TurnContext turn, string text, CancellationToken ct)
    {
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Message(text);
        }
        await turn.ReplyAsync(text, ct);
        return null;
    }
}

/// <summary>"本月讲评" / "monthly": the latest monthly review, read out to everyone (the ranking is public to the units).</summary>
public sealed class MonthlyHandler(GuidanceDbContext db, TrackingPublisher publisher) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var snapshot = await db.MonthlySnapshots.AsNoTracking().Include(s => s.Lines).Include(s => s.Overdue)
            .OrderByDescending(s => s.Year).ThenByDescending(s => s.Month).FirstOrDefaultAsync(ct);
        if (snapshot is null)
        {
            return await WeeklyHandler.AnswerAsync(turn, TrackingText.Get("NoMonthly", turn.Culture), ct);
        }

        var card = TrackingCards.Monthly(snapshot, await publisher.UnitsAsync(ct), turn.Culture, publisher.MonthlyLink(snapshot.Id, turn.Person!));
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(card, card["body"]?[0]?["text"]?.GetValue<string>(), ct);
        return null;
    }
}
