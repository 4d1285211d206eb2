using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.TeamFigures;

/// <summary>Texts of the team cards: zh-CN in <c>TeamFiguresText.resx</c> (neutral), en-US in <c>TeamFiguresText.en.resx</c>.</summary>
public static class TeamFiguresText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.TeamFigures.TeamFiguresText", typeof(TeamFiguresText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Team text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
