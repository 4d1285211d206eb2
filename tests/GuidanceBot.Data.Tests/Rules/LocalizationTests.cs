using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using GuidanceBot.Data.Resources;

namespace GuidanceBot.Data.Tests.Rules;

public class LocalizationTests
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Data.Resources.DomainMessages", typeof(DomainText).Assembly);

    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        var set = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        foreach (System.Collections.DictionaryEntry entry in set)
        {
            data.Add((string)entry.Key);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_message_has_an_English_text_with_the_same_placeholders(string code)
    {
        Assert.True(DomainText.Has(code, CultureInfo.GetCultureInfo("en")), $"{code} has no English text");
        var zh = DomainText.Get(code, DomainText.Chinese);
        var en = DomainText.Get(code, DomainText.English);
        Assert.NotEqual(zh, en);
        Assert.Equal(Placeholders(zh), Placeholders(en));
    }

    [Fact]
    public void An_unknown_culture_falls_back_to_Chinese()
    {
        Assert.Equal("请填写统一社会信用代码。", DomainText.Get("credit.empty", CultureInfo.GetCultureInfo("fr-FR")));
        Assert.Equal("请填写统一社会信用代码。", DomainText.Get("credit.empty", null));
    }

    private static string[] Placeholders(string text) =>
        [.. Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct().Order()];
}
