using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Calendars;

/// <summary>Texts of the calendar card and of the "weekends only" line: zh-CN in <c>CalendarText.resx</c>, en-US in <c>CalendarText.en.resx</c>.</summary>
public static class CalendarText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Calendars.CalendarText", "Calendars");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}
