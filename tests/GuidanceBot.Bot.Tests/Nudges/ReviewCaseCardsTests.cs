using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Tracking;
using GuidanceBot.Data.Tracking;
using GuidanceBot.Data.Units;
using GuidanceBot.Testing;

namespace GuidanceBot.Bot.Tests.Nudges;

/// <summary>Typical cases on the weekly list and monthly review cards: the city sees every unit, a county its own line.</summary>
public class ReviewCaseCardsTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    private static readonly OrgUnit Wuyang = new() { Id = 5, Code = "wuyang", Name = "舞阳县应急管理局", ShortName = "舞阳", NameEn = "Wuyang County", Level = UnitLevel.County, ParentId = 1, SortOrder = 4 };
    private static readonly OrgUnit Linying = new() { Id = 6, Code = "linying", Name = "临颍县应急管理局", ShortName = "临颍", NameEn = "Linying County", Level = UnitLevel.County, ParentId = 1, SortOrder = 5 };
    private static readonly Dictionary<int, OrgUnit> Units = new() { [5] = Wuyang, [6] = Linying };

    private static readonly WeeklyAssignmentSnapshot Week = new()
    {
        Id = 3, Year = 2022, Serial = 3, WeekStart = new DateOnly(2022, 5, 16),
        Lines = [new() { Id = 1, Order = 1, UnitId = 5, UnitName = Wuyang.Name, Title = "事项A", DueDate = new DateOnly(2022, 5, 31) }],
        Cases =
        [
            new() { Id = 1, UnitId = 5, UnitName = Wuyang.Name, ReportedLastWeek = 2, AwaitingJudgement = 2, ReportedInYear = 4, QualifiedInYear = 1 },
            new() { Id = 2, UnitId = 6, UnitName = Linying.Name, ReportedLastWeek = 1, AwaitingJudgement = 0, ReportedInYear = 3, QualifiedInYear = 3 },
        ],
    };

    private static readonly MonthlyReviewSnapshot May = new()
    {
        Id = 4, Year = 2022, Month = 5,
        Lines =
        [
            new() { UnitId = 5, UnitName = Wuyang.Name, Rank = 1, TypicalCasesReportedInMonth = 4, TypicalCasesQualifiedInMonth = 3, TypicalCasesReported = 5, TypicalCasesQualified = 3 },
            new() { UnitId = 6, UnitName = Linying.Name, Rank = 2, TypicalCasesReportedInMonth = 1, TypicalCasesQualifiedInMonth = 0, TypicalCasesReported = 1, TypicalCasesQualified = 0 },
        ],
    };

    private static List<string> Rows(JsonObject card, int table) =>
        card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "Table").ElementAt(table)!["rows"]!.AsArray()
            .Skip(1).Select(r => string.Join("|", r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()))).ToList();

    private static string Text(JsonObject card) => string.Join("\n", card["body"]!.AsArray().Select(e => e!["text"]?.GetValue<string>()).OfType<string>());

    [Fact]
    public async Task The_weekly_and_monthly_cards_count_typical_cases_per_unit_in_both_languages()
    {
        var city = TrackingCards.Weekly(Week, Week.Lines, 1, 25, Units, null, Zh, null, withPager: false);
        Assert.Equal(["舞阳县应急管理局|2|2|4|1", "临颍县应急管理局|1|0|3|3"], Rows(city, 1));
        Assert.Contains("全市上周新报 3 件，待评定 2 件。", Text(city));

        var county = TrackingCards.Weekly(Week, Week.Lines, 1, 25, Units, Wuyang, Zh, null, withPager: false);
        Assert.Contains("上周新报 2 件，待市局评定 2 件；本年报送 4 件，合格 1 件。", Text(county));
        Assert.DoesNotContain("临颍", Text(county));

        var monthly = TrackingCards.Monthly(May, Units, Zh, null);
        Assert.Equal(["舞阳县应急管理局|4|3|5|3", "临颍县应急管理局|1|0|1|0"], Rows(monthly, 2));

        var cards = new List<(string, JsonNode)>();
        foreach (var culture in new[] { Zh, En })
        {
            cards.Add(($"weekly-cases/{culture.Name}", TrackingCards.Weekly(Week, Week.Lines, 1, 25, Units, null, culture, null, withPager: false)));
            cards.Add(($"weekly-cases-unit/{culture.Name}", TrackingCards.Weekly(Week, Week.Lines, 1, 25, Units, Wuyang, culture, null, withPager: false)));
            cards.Add(($"monthly-cases/{culture.Name}", TrackingCards.Monthly(May, Units, culture, null)));
        }
        Assert.Contains("Wuyang County|4|3|5|3", Rows((JsonObject)cards[5].Item2, 2));
        var checks = await AdaptiveCardParser.CheckAsync(cards);
        Assert.All(checks, c => Assert.True(c.IsClean && c.Bytes < 40_000, c.ToString()));
    }
}
