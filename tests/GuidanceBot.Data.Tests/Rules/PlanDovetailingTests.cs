using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Rules;
using static GuidanceBot.Data.Tests.Rules.CoverageTests;

namespace GuidanceBot.Data.Tests.Rules;

public class PlanDovetailingTests
{
    [Fact]
    public void Finds_key_units_in_neither_plan_and_units_planned_in_both()
    {
        var city = new[]
        {
            Entry(1, "甲化工", EnterpriseTier.Key, "hazardous-chemicals", planned: true, "91411102MA3X5K7P3A"),
            Entry(2, "乙化工", EnterpriseTier.Key, "hazardous-chemicals", planned: false, "914403001922038216"),
        };
        var county = new[]
        {
            // Same enterprise as city's 1, recorded again with a lower-case code: matched by code.
            Entry(11, "甲化工有限公司", EnterpriseTier.Key, "hazardous-chemicals", planned: true, "91411102ma3x5k7p3a"),
            Entry(2, "乙化工", EnterpriseTier.Key, "hazardous-chemicals", planned: false, "914403001922038216"),
            Entry(3, "丙食品", EnterpriseTier.General, "industry-trade", planned: false, "91440300708461136T"),
        };
        var supervised = new[]
        {
            new Enterprise { Id = 4, Name = "丁矿业", CreditCode = "91110108551385082Q", CategoryCode = "non-coal-mine", Tier = EnterpriseTier.Key },
        };

        var result = PlanDovetailing.Compare(city, county, supervised);

        Assert.False(result.Dovetails);
        Assert.Equal(["乙化工", "丁矿业"], result.KeyUnitsInNeither.Select(e => e.Name));
        Assert.Equal("甲化工", Assert.Single(result.PlannedInBoth).Name);
    }

    [Fact]
    public void Plans_that_split_the_units_dovetail()
    {
        var city = new[] { Entry(1, "甲", EnterpriseTier.Key, "non-coal-mine", planned: true) };
        var county = new[]
        {
            Entry(1, "甲", EnterpriseTier.Key, "non-coal-mine", planned: false),
            Entry(2, "乙", EnterpriseTier.Key, "non-coal-mine", planned: true),
            Entry(3, "丙", EnterpriseTier.General, "industry-trade", planned: false), // general units may be left this year
        };

        Assert.True(PlanDovetailing.Compare(city, county).Dovetails);
    }
}
