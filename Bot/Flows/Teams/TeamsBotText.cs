using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.Teams;

/// <summary>Texts of the team cards: zh-CN in <c>TeamsBotText.resx</c> (neutral), en-US in <c>TeamsBotText.en.resx</c>.</summary>
public static class TeamsBotText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.Teams.TeamsBotText", typeof(TeamsBotText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Team text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
