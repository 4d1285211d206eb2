using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>The visit materials texts: zh-CN in <c>MaterialsText.resx</c> (neutral), en-US in <c>MaterialsText.en.resx</c>.</summary>
public static class MaterialsText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.Visits.MaterialsText", typeof(MaterialsText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Materials text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
