using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Rules;

public class CoverageTests
{
    private static PlanCategoryFigures Figures(string category, int keyTotal, int keyPlanned, int generalTotal, int generalPlanned) =>
        new() { CategoryCode = category, KeyTotal = keyTotal, KeyPlanned = keyPlanned, GeneralTotal = generalTotal, GeneralPlanned = generalPlanned };

    [Fact]
    public void No_general_units_at_all_is_met()
    {
        var result = Coverage.FromFigures([Figures("non-coal-mine", 3, 3, 0, 0)]);

        Assert.True(result.IsMet);
        Assert.Equal(0, result.Categories[0].GeneralShort);
    }

    [Theory]
    [InlineData(30, 10, true, 0)]  // exactly one third
    [InlineData(30, 9, false, 1)]  // one short
    [InlineData(31, 10, false, 1)] // 10 × 3 = 30 < 31: one third rounds up
    [InlineData(31, 11, true, 0)]
    [InlineData(1, 0, false, 1)]
    [InlineData(2, 1, true, 0)]
    [InlineData(100, 0, false, 34)]
    public void General_units_need_planned_times_three_at_least_total(int total, int planned, bool met, int shortBy)
    {
        var line = Coverage.FromFigures([Figures("industry-trade", 0, 0, total, planned)]).Categories[0];

        Assert.Equal(met, line.GeneralCovered);
        Assert.Equal(shortBy, line.GeneralShort);
        Assert.True((planned + shortBy) * 3 >= total);
        Assert.True(shortBy == 0 || (planned + shortBy - 1) * 3 < total, "smallest n");
    }

    [Fact]
    public void A_key_unit_missing_fails_even_when_general_is_met_and_from_counts_says_how_many()
    {
        var result = Coverage.FromFigures([Figures("hazardous-chemicals", 5, 4, 9, 9)]);

        Assert.False(result.IsMet);
        Assert.Equal(1, result.Categories[0].KeyMissing);
        Assert.Empty(result.Categories[0].MissingKeyUnits);
        var line = Assert.Single(result.Shortfalls(DomainText.Chinese));
        Assert.Equal("coverage.key_missing", line.Code);
    }

    [Fact]
    public void Each_category_must_meet_the_rule_on_its_own_and_the_total_adds_up()
    {
        // Mines over-planned, trade under-planned: the total (12 of 30) would pass, the trade category does not.
        var result = Coverage.FromFigures([Figures("non-coal-mine", 1, 1, 6, 6), Figures("industry-trade", 2, 2, 24, 6)]);

        Assert.False(result.IsMet);
        Assert.True(result.Total!.IsMet);
        Assert.Equal(30, result.Total.GeneralTotal);
        Assert.Equal(12, result.Total.GeneralPlanned);
        Assert.Equal(2, result.Categories.Single(c => c.CategoryCode == "industry-trade").GeneralShort);
    }

    [Fact]
    public void Counts_that_cannot_be_right_are_refused_with_reasons_and_fields()
    {
        var result = Coverage.FromFigures([Figures("non-coal-mine", 2, 3, 10, 4), Figures("industry-trade", -1, 0, 5, 2)], DomainText.English);

        Assert.False(result.IsValid);
        Assert.False(result.IsMet);
        Assert.Empty(result.Categories);
        Assert.Collection(result.Refusals,
            e =>
            {
                Assert.Equal("coverage.planned_exceeds_total", e.Code);
                Assert.Equal("non-coal-mine.KeyPlanned", e.Field);
                Assert.Equal("Category \"non-coal-mine\": 3 planned is more than the 2 supervised.", e.Message);
            },
            e =>
            {
                Assert.Equal("coverage.negative", e.Code);
                Assert.Equal("industry-trade.KeyTotal", e.Field);
            });
    }

    [Fact]
    public void The_same_category_twice_is_refused()
    {
        var result = Coverage.FromFigures([Figures("non-coal-mine", 1, 1, 0, 0), Figures("non-coal-mine", 1, 1, 0, 0)]);
        Assert.Equal("coverage.duplicate_category", Assert.Single(result.Refusals).Code);
    }

    [Fact]
    public void From_the_enterprise_list_the_missing_key_units_are_named()
    {
        var entries = new List<PlanEntry>
        {
            Entry(1, "甲矿业", EnterpriseTier.Key, "non-coal-mine", planned: true),
            Entry(2, "乙矿业", EnterpriseTier.Key, "non-coal-mine", planned: false),
            Entry(3, "丙化工", EnterpriseTier.Key, "hazardous-chemicals", planned: true),
            Entry(4, "丁食品", EnterpriseTier.General, "industry-trade", planned: true),
            Entry(5, "戊纺织", EnterpriseTier.General, "industry-trade", planned: false),
            Entry(6, "己木业", EnterpriseTier.General, "industry-trade", planned: false),
            Entry(7, "庚五金", EnterpriseTier.General, "industry-trade", planned: false),
        };

        var result = Coverage.FromEntries(entries);

        Assert.False(result.IsMet);
        var mines = result.Categories.Single(c => c.CategoryCode == "non-coal-mine");
        Assert.Equal(2, mines.KeyTotal);
        Assert.Equal("乙矿业", Assert.Single(mines.MissingKeyUnits).Name);
        var trade = result.Categories.Single(c => c.CategoryCode == "industry-trade");
        Assert.Equal(1, trade.GeneralShort); // 1 of 4 planned: 2 × 3 ≥ 4 needs one more
        Assert.Equal("乙矿业", Assert.Single(result.Total!.MissingKeyUnits).Name);
        var names = new Dictionary<string, string> { ["non-coal-mine"] = "非煤矿山", ["industry-trade"] = "工贸" };
        Assert.Equal(
            ["类别“非煤矿山”：有 1 家重点生产经营单位未列入计划。乙矿业", "类别“工贸”：一般生产经营单位计划 1 家，共 4 家，未达到三分之一，还差 1 家。"],
            result.Shortfalls(null, names).Select(e => e.Message));
    }

    [Fact]
    public void An_enterprise_listed_twice_is_refused()
    {
        var a = Entry(1, "甲矿业", EnterpriseTier.Key, "non-coal-mine", planned: true);
        var b = Entry(1, "甲矿业", EnterpriseTier.Key, "non-coal-mine", planned: false);

        var result = Coverage.FromEntries([a, b]);

        Assert.Equal("coverage.duplicate_enterprise", Assert.Single(result.Refusals).Code);
    }

    internal static PlanEntry Entry(int id, string name, EnterpriseTier tier, string category, bool planned, string? code = null) => new()
    {
        EnterpriseId = id,
        Planned = planned,
        Enterprise = new Enterprise { Id = id, Name = name, CreditCode = code ?? $"CODE{id}", CategoryCode = category, Tier = tier },
    };
}
