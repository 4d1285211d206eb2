using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace GuidanceBot.Bot.Resources;

/// <summary>The bot's texts: zh-CN in <c>BotText.resx</c> (neutral), en-US in <c>BotText.en.resx</c>.</summary>
public static class BotText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Resources.BotText", typeof(BotText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Bot text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
