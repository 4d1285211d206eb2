using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>Texts of the county's rectification report: zh-CN in <c>RectificationText.resx</c> (neutral), en-US in <c>RectificationText.en.resx</c>; shared texts from <see cref="FlowText"/>.</summary>
public static class RectificationText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Letters.RectificationText", "Rectification");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
