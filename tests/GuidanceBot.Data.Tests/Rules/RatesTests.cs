using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Rules;

/// <summary>The one rate rule: half up, one decimal, the same text wherever a rate is shown.</summary>
public class RatesTests
{
    [Theory]
    [InlineData(2, 3, 667)]   // 666.67: up, not the truncated 666
    [InlineData(1, 3, 333)]
    [InlineData(1, 6, 167)]
    [InlineData(1, 16, 63)]   // 62.5: half up
    [InlineData(1, 8, 125)]
    [InlineData(3, 3, 1000)]
    [InlineData(0, 4, 0)]
    public void Per_mille_rounds_half_up(int part, int whole, int permille)
    {
        Assert.Equal(permille, Rates.Permille(part, whole));
    }

    [Fact]
    public void Nothing_due_has_no_rate()
    {
        Assert.Null(Rates.Permille(0, 0));
        Assert.Null(Rates.Ratio(3, 0));
        Assert.Equal("—", Rates.Percent(null));
        Assert.Equal("—", Rates.PercentOfPermille(null));
        Assert.Equal("—", Rates.ChangeOfPermille(null));
    }

    [Theory]
    [InlineData(2, 3, "66.7%")]
    [InlineData(1, 3, "33.3%")]
    [InlineData(1, 16, "6.3%")]  // 6.25%: half up
    [InlineData(9, 30, "30.0%")]
    [InlineData(22, 20, "110.0%")]
    [InlineData(0, 5, "0.0%")]
    public void A_ratio_and_its_per_mille_read_the_same(int part, int whole, string text)
    {
        Assert.Equal(text, Rates.Percent(Rates.Ratio(part, whole)));
        Assert.Equal(text, Rates.PercentOfPermille(Rates.Permille(part, whole)));
    }

    [Theory]
    [InlineData(333, "+33.3%")]
    [InlineData(-50, "-5.0%")]
    [InlineData(0, "0.0%")]
    public void A_change_carries_its_sign(int permille, string text)
    {
        Assert.Equal(text, Rates.ChangeOfPermille(permille));
    }
}
