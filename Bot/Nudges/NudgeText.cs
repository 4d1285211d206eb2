using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Nudges;

/// <summary>Texts of the nudges: zh-CN in <c>NudgeText.resx</c> (neutral), en-US in <c>NudgeText.en.resx</c>.</summary>
public static class NudgeText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Nudges.NudgeText", typeof(NudgeText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Nudge text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);

    /// <summary>A date as people write it: 2022年3月31日 / 31 March 2022.</summary>
    public static string Date(DateOnly date, CultureInfo culture) =>
        date.ToString(culture.Name.StartsWith("zh", StringComparison.Ordinal) ? "yyyy年M月d日" : "d MMMM yyyy", culture);
}
