using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>Texts of the county's filings (plan, approval and filing, publication): zh-CN in <c>PlanText.resx</c> (neutral), en-US in <c>PlanText.en.resx</c>; shared texts from <see cref="FlowText"/>.</summary>
public static class PlanText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Plans.PlanText", "Plan");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
