using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuidanceBot.Bot.Tests.Nudges;

/// <summary>
/// The monthly progress nudge with the 2022 calendar: on the 5th working day of each month, to the liaisons of
/// the units that have not reported the previous month, once, and not once the month is reported.
/// </summary>
public class ProgressNudgeTests
{
    private const string Yuanhui = "源汇联络员", Wuyang = "舞阳联络员", Linying = "Linying Liaison";

    [Fact]
    public async Task The_fifth_working_day_nudge_goes_only_to_units_that_have_not_reported_last_month_after_the_2022_holidays()
    {
        await using var h = await NudgeHarness.StartAsync();
        var calendar = h.Services.GetRequiredService<WorkingDayCalendar>();
        var people = new Dictionary<string, Person>
        {
            [Yuanhui] = await h.AddPersonAsync(Yuanhui, PersonRole.CountyLiaison, "yuanhui"),
            [Wuyang] = await h.AddPersonAsync(Wuyang, PersonRole.CountyLiaison, "wuyang", muted: true),
            [Linying] = await h.AddPersonAsync(Linying, PersonRole.CountyLiaison, "linying", "en-US"),
        };
        var names = people.ToDictionary(p => p.Value.Id, p => p.Key);

        // (when, who, year, month). By default each unit reports a month on the 1st of the next one at 08:00;
        // the exceptions below are late or missing.
        var reports = new List<(DateTimeOffset At, string Who, int Year, int Month)>
        {
            (Local("2022-01-05T10:00"), Yuanhui, 2021, 12), // Dec 2021 during January: accepted
            (Local("2022-01-12T10:00"), Wuyang, 2021, 12),  // after the nudge of Mon 10 Jan
            (Local("2022-02-07T10:00"), Linying, 2022, 1),
            (Local("2022-02-11T08:59"), Wuyang, 2022, 1),   // the morning of the nudge day, before nine: no nudge
            (Local("2022-02-14T10:00"), Yuanhui, 2022, 1),
            (Local("2022-10-09T10:00"), Yuanhui, 2022, 9),  // a make-up Sunday
            (Local("2022-10-12T08:00"), Wuyang, 2022, 9),
        };
        foreach (var who in people.Keys)
        {
            for (var month = 2; month <= 8; month++)
            {
                reports.Add((Local($"2022-{month + 1:00}-01T08:00"), who, 2022, month));
            }
        }
        // Linying never reports December 2021 nor September 2022.
        var queue = new Queue<(DateTimeOffset At, string Who, int Year, int Month)>(reports.OrderBy(r => r.At));

        for (var day = new DateOnly(2022, 1, 1); day <= new DateOnly(2022, 10, 31); day = day.AddDays(1))
        {
            foreach (var hour in new[] { 8, 9, 10 })
            {
                h.SetLocal(day, hour, hour == 8 ? 59 : 0);
                while (queue.Count > 0 && queue.Peek().At <= h.LocalNow)
                {
                    var r = queue.Dequeue();
                    await ReportAsync(h, people[r.Who], r.Year, r.Month);
                }
                await h.PlanAsync();
                await h.Dispatcher.DispatchDueAsync();
            }
        }

        // 5th working day: Mon 10 Jan (元旦 1–3 Jan), Fri 11 Feb (春节 to 6 Feb), Wed 12 Oct (国庆 to 7 Oct, then
        // the make-up Sat 8 and Sun 9 count).
        Assert.Equal(new DateOnly(2022, 1, 10), calendar.AddWorkingDays(new DateOnly(2021, 12, 31), 5));
        Assert.Equal(new DateOnly(2022, 2, 11), calendar.AddWorkingDays(new DateOnly(2022, 1, 31), 5));
        Assert.Equal(new DateOnly(2022, 10, 12), calendar.AddWorkingDays(new DateOnly(2022, 9, 30), 5));
        var ledger = await h.LedgerAsync();
        Assert.All(ledger, e => Assert.Equal(NudgeKinds.ProgressDue, e.Kind));
        Assert.Equal(
            [("2022-01-10", Linying, "2021-12"), ("2022-01-10", Wuyang, "2021-12"), ("2022-02-11", Yuanhui, "2022-01"), ("2022-10-12", Linying, "2022-09")],
            ledger.Select(e => (Day(e.DueUtc), names[e.PersonId], e.Subject[^7..])).OrderBy(x => x.Item1).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList());
        Assert.Equal(4, h.Connector.Requests.Count);
        Assert.All(h.Connector.Requests, r => Assert.Equal(new TimeSpan(9, 0, 0), r.ReceivedUtc.ToOffset(NudgeHarness.China).TimeOfDay));

        // The cards: the recipient's language, a button that opens the progress form for that month; the official parser accepts them.
        var cards = ledger.Select(e => (e, Card: JsonSerializer.Deserialize<Activity>(e.Payload, ProtocolJson.Options)!.Attachments![0].Content!.AsObject())).ToList();
        var october = cards.Single(c => names[c.e.PersonId] == Linying && c.e.Subject.EndsWith("2022-09", StringComparison.Ordinal)).Card;
        Assert.Equal("Report the enforcement progress of 2022-09", october["body"]![0]!["text"]!.GetValue<string>());
        var button = october["actions"]![0]!;
        Assert.Equal("team.progress", button["verb"]!.GetValue<string>());
        Assert.Equal(2022, button["data"]!["year"]!.GetValue<int>());
        Assert.Equal(9, button["data"]!["month"]!.GetValue<int>());
        var january = cards.Single(c => names[c.e.PersonId] == Wuyang).Card;
        Assert.Equal("请报送 2021 年 12 月执法进度", january["body"]![0]!["text"]!.GetValue<string>());
        var checks = await AdaptiveCardParser.CheckAsync(cards.Select(c => ($"{names[c.e.PersonId]}/{c.e.Subject}", (JsonNode)c.Card)));
        Assert.All(checks, c => Assert.True(c.IsClean && c.Bytes < 40_000, c.ToString()));
    }

    private static DateTimeOffset Local(string at) => DateTimeOffset.Parse(at + "+08:00", CultureInfo.InvariantCulture);

    private static string Day(DateTime utc) => DateOnly.FromDateTime(utc + NudgeHarness.China).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task ReportAsync(NudgeHarness h, Person liaison, int year, int month) => h.WithScopeAsync(async sp =>
    {
        var result = await sp.GetRequiredService<TeamFiguresWorkflow>().ReportProgressAsync(Actor.From(liaison), liaison.UnitId,
            new ProgressInput(year, month, 10, 1, 11, 5, 1, new DateOnly(year, month, 1), new DateOnly(year, month, 1), new DateOnly(year, month, 1)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
    });
}
