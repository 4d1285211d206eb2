using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Status;

/// <summary>Texts of the status, overdue and deadline cards: zh-CN in <c>StatusText.resx</c> (neutral), en-US in <c>StatusText.en.resx</c>; shared texts from <see cref="FlowText"/>.</summary>
public static class StatusText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Status.StatusText", "Status");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
