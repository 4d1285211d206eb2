using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>Texts of guidance visits (schedule, draw, findings): zh-CN in <c>VisitText.resx</c> (neutral), en-US in <c>VisitText.en.resx</c>; shared texts from <see cref="FlowText"/>.</summary>
public static class VisitText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Visits.VisitText", "Visit");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
