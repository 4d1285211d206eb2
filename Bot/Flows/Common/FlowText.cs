using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>
/// Texts more than one feature's cards use (field errors, "accept", a filing's state…): zh-CN in
/// <c>FlowText.resx</c> (neutral), en-US in <c>FlowText.en.resx</c>. A feature's own texts (<see cref="FeatureTexts"/>)
/// fall back to these, so a card reads every text through its feature's class.
/// </summary>
public static class FlowText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.Common.FlowText", typeof(FlowText).Assembly);

    public static string? Find(string name, CultureInfo culture) => Resources.GetString(name, culture);

    public static string Get(string name, CultureInfo culture) =>
        Find(name, culture) ?? throw new MissingManifestResourceException($"Flow text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}

/// <summary>One feature's texts (its own resx next to its handlers), then the shared <see cref="FlowText"/>.</summary>
public sealed class FeatureTexts(string resourceName, string feature)
{
    private readonly ResourceManager _resources = new(resourceName, typeof(FeatureTexts).Assembly);

    public string Get(string name, CultureInfo culture) =>
        _resources.GetString(name, culture) ?? FlowText.Find(name, culture)
        ?? throw new MissingManifestResourceException($"{feature} text '{name}' is missing.");

    public string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
