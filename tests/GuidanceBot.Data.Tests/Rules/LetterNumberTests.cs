using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Rules;

public class LetterNumberTests
{
    [Fact]
    public void Formats_the_plans_number_style()
    {
        Assert.Equal("(漯)应急指导〔2022〕3号", LetterNumber.Format("漯", 2022, 3));
        Assert.Equal("(舞阳)应急指导〔2023〕12号", LetterNumber.Format(" 舞阳 ", 2023, 12));
    }

    [Theory]
    [InlineData("(漯)应急指导〔2022〕3号", "漯", 2022, 3)]
    [InlineData("（漯）应急指导〔2022〕15号", "漯", 2022, 15)]
    public void Parses_back_with_half_or_full_width_parentheses(string text, string issuer, int year, int serial)
    {
        Assert.True(LetterNumber.TryParse(text, out var i, out var y, out var s));
        Assert.Equal((issuer, year, serial), (i, y, s));
    }

    [Theory]
    [InlineData("漯应急指导〔2022〕3号")]
    [InlineData("(漯)应急指导[2022]3号")]
    [InlineData("(漯)应急指导〔2022〕0号")]
    [InlineData(null)]
    public void Rejects_what_is_not_a_letter_number(string? text)
    {
        Assert.False(LetterNumber.TryParse(text, out _, out _, out _));
    }

    [Fact]
    public void A_serial_below_one_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LetterNumber.Format("漯", 2022, 0));
    }
}
