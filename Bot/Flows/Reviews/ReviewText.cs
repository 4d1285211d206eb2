using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.Reviews;

/// <summary>Texts of the weekly and monthly lists: zh-CN in <c>ReviewText.resx</c> (neutral), en-US in <c>ReviewText.en.resx</c>.</summary>
public static class ReviewText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.Reviews.ReviewText", typeof(ReviewText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Review text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
