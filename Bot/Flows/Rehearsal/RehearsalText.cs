using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Rehearsal;

/// <summary>Texts of the rehearsal clock card: zh-CN in <c>RehearsalText.resx</c>, en-US in <c>RehearsalText.en.resx</c>.</summary>
public static class RehearsalText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Rehearsal.RehearsalText", "Rehearsal");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
