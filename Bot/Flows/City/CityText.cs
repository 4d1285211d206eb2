using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.City;

/// <summary>The city staff flows' and the letter's texts: zh-CN in <c>CityText.resx</c> (neutral), en-US in <c>CityText.en.resx</c>.</summary>
public static class CityText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.City.CityText", typeof(CityText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"City text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
