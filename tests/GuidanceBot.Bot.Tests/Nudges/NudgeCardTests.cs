using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuidanceBot.Bot.Flows.Tracking;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Testing;

namespace GuidanceBot.Bot.Tests.Nudges;

/// <summary>Every nudge card and the weekly and monthly cards, in zh-CN and en-US, through the official parser.</summary>
public partial class NudgeCardTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    private static readonly OrgUnit Wuyang = new() { Id = 5, Code = "wuyang", Name = "舞阳县应急管理局", ShortName = "舞阳", NameEn = "Wuyang County", Level = UnitLevel.County, ParentId = 1, SortOrder = 4 };
    private static readonly OrgUnit Linying = new() { Id = 6, Code = "linying", Name = "临颍县应急管理局", ShortName = "临颍", NameEn = "Linying County", Level = UnitLevel.County, ParentId = 1, SortOrder = 5 };
    private static readonly Dictionary<int, OrgUnit> Units = new() { [5] = Wuyang, [6] = Linying };
    private static readonly DateOnly Due = new(2022, 10, 10);

    private static IEnumerable<(string Name, Activity Message)> Nudges(CultureInfo c) =>
    [
        ("report-before-3", NudgeCards.Deadline(Wuyang, DeadlineSubject.Report, Due, new DeadlinePosition(3), new JsonObject { ["letterId"] = 7 }, c, "(漯)应急指导〔2022〕3号")),
        ("report-due", NudgeCards.Deadline(Wuyang, DeadlineSubject.Report, Due, new DeadlinePosition(0), new JsonObject { ["letterId"] = 7 }, c, "(漯)应急指导〔2022〕3号")),
        ("report-overdue", NudgeCards.Deadline(Wuyang, DeadlineSubject.Report, Due, new DeadlinePosition(-4), new JsonObject { ["letterId"] = 7 }, c, "(漯)应急指导〔2022〕3号")),
        ("plan-before-7", NudgeCards.Deadline(Wuyang, DeadlineSubject.Plan, Due, new DeadlinePosition(7), new JsonObject { ["year"] = 2022 }, c)),
        ("approval-overdue", NudgeCards.Deadline(Wuyang, DeadlineSubject.Approval, Due, new DeadlinePosition(-2), new JsonObject { ["year"] = 2022 }, c)),
        ("publication-due", NudgeCards.Deadline(Wuyang, DeadlineSubject.Publication, Due, new DeadlinePosition(0), new JsonObject { ["year"] = 2022 }, c)),
        ("escalation", NudgeCards.Escalation(Wuyang, "(漯)应急指导〔2022〕3号", Due, 5, c)),
        ("unacknowledged", NudgeCards.Unacknowledged(Wuyang, 7, "(漯)应急指导〔2022〕3号", new DateOnly(2022, 9, 5), new DateOnly(2022, 9, 8), 3, Due, c)),
        ("returned-plan", NudgeCards.Returned(Wuyang, DeadlineSubject.Plan, new DateOnly(2022, 3, 1), new DateOnly(2022, 3, 8), 5, "重点单位未全部纳入计划", new JsonObject { ["id"] = 3 }, c)),
        ("returned-report", NudgeCards.Returned(Wuyang, DeadlineSubject.Report, new DateOnly(2022, 10, 21), new DateOnly(2022, 10, 28), 5, null, new JsonObject { ["letterId"] = 7 }, c)),
        ("visit-city", NudgeCards.VisitUpcoming(Wuyang, 4, new DateOnly(2022, 5, 10), forCity: true, c)),
        ("visit-county", NudgeCards.VisitUpcoming(Wuyang, 4, new DateOnly(2022, 5, 10), forCity: false, c)),
        ("unguided", NudgeCards.Unguided([(Wuyang, 11), (Linying, null)], new DateOnly(2022, 11, 30), 53, c)),
    ];

    [Fact]
    public async Task Every_nudge_card_passes_the_official_parser_in_both_languages_and_says_what_when_and_what_next()
    {
        var cards = new List<(string, JsonNode)>();
        foreach (var culture in new[] { Zh, En })
        {
            foreach (var (name, message) in Nudges(culture))
            {
                Assert.Equal(culture.Name, message.Locale);
                Assert.True(message.ChannelData!["notification"]!["alert"]!.GetValue<bool>());
                var card = message.Attachments![0].Content!.AsObject();
                var text = card.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                Assert.Single(card["actions"]!.AsArray(), a => a!["type"]!.GetValue<string>() == "Action.Execute");
                if (culture == Zh)
                {
                    Assert.Contains("舞阳县应急管理局", text);
                }
                else
                {
                    Assert.Contains("Wuyang County", text);
                    // English cards carry no Chinese except data (letter numbers, reasons).
                    var stripped = text.Replace("(漯)应急指导〔2022〕3号", "").Replace("重点单位未全部纳入计划", "");
                    Assert.False(Cjk().IsMatch(stripped), $"{name}: {stripped}");
                }
                cards.Add(($"{name}/{culture.Name}", card));
            }
        }

        var checks = await AdaptiveCardParser.CheckAsync(cards);
        Assert.Equal(cards.Count, checks.Count);
        Assert.All(checks, c => Assert.True(c.IsClean && c.Bytes < 40_000, c.ToString()));
    }

    [Fact]
    public void A_deadline_card_tells_the_unit_the_date_the_state_and_opens_the_form()
    {
        var message = NudgeCards.Deadline(Wuyang, DeadlineSubject.Report, Due, new DeadlinePosition(-4), new JsonObject { ["letterId"] = 7 }, Zh, "(漯)应急指导〔2022〕3号");
        var card = message.Attachments![0].Content!;
        Assert.Equal("逾期：整改报告已逾期 4 个工作日", card["body"]![0]!["text"]!.GetValue<string>());
        var facts = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray()
            .ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("舞阳县应急管理局", facts["单位"]);
        Assert.Equal("意见书 (漯)应急指导〔2022〕3号 的整改报告", facts["事项"]);
        Assert.Equal("2022年10月10日", facts["截止日期"]);
        Assert.Equal("已逾期 4 个工作日", facts["状态"]);
        var action = card["actions"]![0]!;
        Assert.Equal("rectification.file", action["verb"]!.GetValue<string>());
        Assert.Equal(7, action["data"]!["letterId"]!.GetValue<int>());

        var english = NudgeCards.Deadline(Wuyang, DeadlineSubject.Plan, new DateOnly(2022, 3, 31), new DeadlinePosition(3), new JsonObject(), En);
        Assert.Equal("Reminder: annual inspection plan due in 3 working day(s)", english.Attachments![0].Content!["body"]![0]!["text"]!.GetValue<string>());
    }

    private static WeeklyAssignmentSnapshot Weekly(int lines) => new()
    {
        Id = 12, Year = 2022, Serial = 22, WeekStart = new DateOnly(2022, 5, 30),
        Lines = Enumerable.Range(1, lines).Select(i => new WeeklyAssignmentLine
        {
            Order = i, AssignmentItemId = i, UnitId = i % 2 == 0 ? 5 : 6, UnitName = i % 2 == 0 ? Wuyang.Name : Linying.Name,
            Kind = (AssignmentKind)(i % 4), Title = $"执法计划未覆盖全部重点单位（第{i}项），请补充完善并报送整改情况", OwnerName = i % 3 == 0 ? "张三" : null,
            DueDate = new DateOnly(2022, 6, 1).AddDays(i), Status = (AssignmentLineStatus)(i % 3),
        }).ToList(),
    };

    private static MonthlyReviewSnapshot Monthly(int overdue) => new()
    {
        Id = 4, Year = 2022, Month = 5,
        Lines =
        [
            new MonthlyReviewLine { UnitId = 6, UnitName = Linying.Name, Assigned = 1, ClosedOnTime = 1, Overdue = 1, OnTimePermille = 500, OnTimePermilleChange = null, Rank = 5 },
            new MonthlyReviewLine { UnitId = 5, UnitName = Wuyang.Name, Assigned = 3, ClosedOnTime = 1, ClosedLate = 1, Overdue = 1, Open = 1, OnTimePermille = 333, OnTimePermilleChange = 333, Rank = 6 },
        ],
        Overdue = Enumerable.Range(1, overdue).Select(i => new MonthlyOverdueLine
        {
            Id = i, AssignmentItemId = i, UnitId = 5, UnitName = Wuyang.Name, Title = $"事项{i}", DueDate = new DateOnly(2022, 5, 15), DaysOverdue = 16 + i,
        }).ToList(),
    };

    [Fact]
    public async Task Weekly_and_monthly_cards_pass_the_official_parser_in_both_languages_and_a_long_list_is_paged()
    {
        var cards = new List<(string, JsonNode)>();
        var snapshot = Weekly(60);
        foreach (var culture in new[] { Zh, En })
        {
            for (var page = 1; page <= 3; page++)
            {
                var card = TrackingCards.Weekly(snapshot, snapshot.Lines, page, 25, Units, null, culture, "https://bot.example/api/v1/weekly/12/document", withPager: true);
                var rows = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray();
                Assert.Equal(page < 3 ? 26 : 11, rows.Count); // header + 25, 25, 10
                var actions = card["actions"]!.AsArray();
                Assert.Equal(page < 3, actions.Any(a => a!["verb"]?.GetValue<string>() == TrackingVerbs.WeeklyPage));
                Assert.Contains(actions, a => a!["type"]!.GetValue<string>() == "Action.OpenUrl");
                cards.Add(($"weekly-{page}/{culture.Name}", card));
            }

            var mine = snapshot.Lines.Where(l => l.UnitId == 5).ToList();
            cards.Add(($"weekly-unit/{culture.Name}", TrackingCards.Weekly(snapshot, mine, 1, 25, Units, Wuyang, culture, null, withPager: false)));
            cards.Add(($"weekly-empty/{culture.Name}", TrackingCards.Weekly(snapshot, [], 1, 25, Units, Wuyang, culture, null, withPager: false)));
            cards.Add(($"monthly/{culture.Name}", TrackingCards.Monthly(Monthly(3), Units, culture, "https://bot.example/api/v1/monthly/4/document")));
            cards.Add(($"monthly-long/{culture.Name}", TrackingCards.Monthly(Monthly(80), Units, culture, null)));
        }

        var checks = await AdaptiveCardParser.CheckAsync(cards);
        Assert.Equal(cards.Count, checks.Count);
        Assert.All(checks, c => Assert.True(c.IsClean && c.Bytes < 40_000, c.ToString()));
    }

    [Fact]
    public void The_monthly_card_shows_the_ranking_with_rates_and_changes()
    {
        var card = TrackingCards.Monthly(Monthly(1), Units, Zh, null);
        var ranking = card["body"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray()
            .Skip(1).Select(r => string.Join("|", r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()))).ToList();
        Assert.Equal(["5|临颍县应急管理局|50.0%|—", "6|舞阳县应急管理局|33.3%|+33.3%"], ranking);
        Assert.Contains(card["body"]!.AsArray(), e => e!["text"]?.GetValue<string>() == "• 舞阳县应急管理局 · 事项1 · 截止 2022-05-15 · 逾期 17 天");
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
