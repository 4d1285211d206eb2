using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.County;

/// <summary>Texts of the county flows: zh-CN in <c>CountyText.resx</c> (neutral), en-US in <c>CountyText.en.resx</c>.</summary>
public static class CountyText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.County.CountyText", typeof(CountyText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"County text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
