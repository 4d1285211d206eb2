using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Years;

/// <summary>Texts of the year setup cards and the next-year nudge: zh-CN in <c>YearText.resx</c> (neutral), en-US in <c>YearText.en.resx</c>.</summary>
public static class YearText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Years.YearText", "Years");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}

/// <summary>The year setup's card verbs; the city admin's alone.</summary>
public static class YearVerbs
{
    public const string Open = "year.open";
    public const string Show = "year.show";
    public const string Deadlines = "year.deadlines";
    public const string Item = "year.item";
    public const string Publish = "year.publish";
    public const string Units = "year.units";

    public static readonly IReadOnlyList<string> All = [Open, Show, Deadlines, Item, Publish, Units];
}
