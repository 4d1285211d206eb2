using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Reviews;

/// <summary>Texts of the city's review of county filings: zh-CN in <c>ReviewText.resx</c> (neutral), en-US in <c>ReviewText.en.resx</c>; shared texts from <see cref="FlowText"/>.</summary>
public static class ReviewText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Reviews.ReviewText", "Review");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
