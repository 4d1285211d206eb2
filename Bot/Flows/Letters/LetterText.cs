using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Letters;

/// <summary>Texts of the opinion letter and the city's review of rectification: zh-CN in <c>LetterText.resx</c> (neutral), en-US in <c>LetterText.en.resx</c>; shared texts from <see cref="FlowText"/>.</summary>
public static class LetterText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Letters.LetterText", "Letter");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
