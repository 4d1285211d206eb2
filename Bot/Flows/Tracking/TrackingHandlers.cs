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

        // "本周交办 2022": the last list of that year (any year, not only this one).
        var (year, _) = YearAndMonth(turn);
        var query = db.WeeklySnapshots.AsNoTracking().Include(s => s.Lines).Include(s => s.Cases);
        var snapshot = requested is { } sid
            ? await query.FirstOrDefaultAsync(s => s.Id == sid, ct)
            : await query.Where(s => year == null || s.Year == year).OrderByDescending(s => s.WeekStart).FirstOrDefaultAsync(ct);
        if (snapshot is null)
        {
            return await AnswerAsync(turn, year is null ? TrackingText.Get("NoWeekly", turn.Culture) : TrackingText.Format("NoWeeklyIn", turn.Culture, year), ct);
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

    /// <summary>
    /// The year (and month) typed after a list's command: "2022", "2022-12", "2022 12", "2022年12月"; nulls when none.
    /// A card's <c>year</c> / <c>month</c> data count too.
    /// </summary>
    internal static (int? Year, int? Month) YearAndMonth(TurnContext turn)
    {
        var input = CardInput.From(turn);
        if (input.Int("year") is { } y)
        {
            return (y, input.Int("month"));
        }
        if (turn.IsInvoke())
        {
            return (null, null);
        }
        var numbers = System.Text.RegularExpressions.Regex.Matches(turn.Text, @"\d+").Select(m => m.Value).ToList();
        if (numbers is [var first, ..] && first.Length == 4 && int.TryParse(first, out var year) && Data.Rules.FieldLimits.IsYear(year))
        {
            int? month = numbers.Count > 1 && int.TryParse(numbers[1], out var m) && m is >= 1 and <= 12 ? m : null;
            return (year, month);
        }
        return (null, null);
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

/// <summary>"本月讲评" / "monthly" [year[-month]]: the latest monthly review (of that year or month), read out to everyone (the ranking is public to the units).</summary>
public sealed class MonthlyHandler(GuidanceDbContext db, TrackingPublisher publisher) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        // "本月讲评 2022" (the year's last review) or "本月讲评 2022-12" (that month's), any year.
        var (year, month) = WeeklyHandler.YearAndMonth(turn);
        var snapshot = await db.MonthlySnapshots.AsNoTracking().Include(s => s.Lines).Include(s => s.Overdue)
            .Where(s => (year == null || s.Year == year) && (month == null || s.Month == month))
            .OrderByDescending(s => s.Year).ThenByDescending(s => s.Month).FirstOrDefaultAsync(ct);
        if (snapshot is null)
        {
            return await WeeklyHandler.AnswerAsync(turn, year is null ? TrackingText.Get("NoMonthly", turn.Culture)
                : TrackingText.Format("NoMonthlyIn", turn.Culture, month is null ? $"{year}" : $"{year}-{month:00}"), ct);
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
