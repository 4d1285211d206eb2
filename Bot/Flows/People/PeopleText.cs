using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.People;

/// <summary>Texts of people administration: zh-CN in <c>PeopleText.resx</c> (neutral), en-US in <c>PeopleText.en.resx</c>.</summary>
public static class PeopleText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.People.PeopleText", typeof(PeopleText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"People text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
