using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Years;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Years;

namespace GuidanceBot.Bot.Nudges;

public sealed partial class NudgePlanner
{
    /// <summary>First day of the year's last stretch: from 1 November the next year has to be made ready.</summary>
    private const int NextYearFromMonth = 11;

    /// <summary>
    /// From 1 November, on the first working day of each week, the city admins while next year's calendar is missing or its
    /// setup is not published (<see cref="YearSetupQuery.ReadinessAsync"/>): the card says which, with the button that opens
    /// (or shows) next year's setup. A deadline nudge: never muted.
    /// </summary>
    private async Task PlanNextYearAsync(CancellationToken ct)
    {
        var from = new DateOnly(_today.Year, NextYearFromMonth, 1);
        if (_today < from || !IsFirstWorkingDayOfWeek(from))
        {
            return;
        }
        var readiness = await years.ReadinessAsync(_today.Year + 1, ct);
        if (readiness.Ready)
        {
            return;
        }
        var opened = await years.ExistsAsync(readiness.Year, ct);
        var admins = _cityStaff.SelectMany(g => g).Where(p => p.Role == PersonRole.CityAdmin);
        await SendAsync(admins, NudgeKinds.NextYearNotReady, $"year:{readiness.Year}", WeekStage("week"),
            c => NextYearCard(readiness, opened, c), ct);
    }

    private static Activity NextYearCard(YearReadiness readiness, bool opened, CultureInfo c)
    {
        var card = AdaptiveCardBuilder.Create(c)
            .Title(YearText.Format("NudgeTitle", c, readiness.Year))
            .Text(YearText.Format("NudgeBody", c, readiness.Year));
        if (!readiness.HasCalendar)
        {
            card.Text("• " + YearText.Format("NudgeNoCalendar", c, readiness.Year));
        }
        if (!readiness.HasPublishedSetup)
        {
            card.Text("• " + YearText.Format(opened ? "NudgeNotPublished" : "NudgeNotOpened", c, readiness.Year));
        }
        var data = new JsonObject { ["year"] = readiness.Year };
        card.Execute(YearText.Format(opened ? "ShowYear" : "OpenYear", c, readiness.Year), opened ? YearVerbs.Show : YearVerbs.Open, data, ActionStyle.Positive, validateInputs: false);
        return NudgeMessage.Create(card.Build(), YearText.Format("NudgeTitle", c, readiness.Year), c);
    }
}
