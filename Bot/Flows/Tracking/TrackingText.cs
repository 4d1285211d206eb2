using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.Tracking;

/// <summary>Texts of the weekly and monthly lists: zh-CN in <c>TrackingText.resx</c> (neutral), en-US in <c>TrackingText.en.resx</c>.</summary>
public static class TrackingText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.Tracking.TrackingText", typeof(TrackingText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Review text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
