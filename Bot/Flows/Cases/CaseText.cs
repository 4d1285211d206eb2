using System.Globalization;
using System.Resources;

namespace GuidanceBot.Bot.Flows.Cases;

/// <summary>Texts of the typical-case flows: zh-CN in <c>CaseText.resx</c> (neutral), en-US in <c>CaseText.en.resx</c>.</summary>
public static class CaseText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Bot.Flows.Cases.CaseText", typeof(CaseText).Assembly);

    public static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new MissingManifestResourceException($"Case text '{name}' is missing.");

    public static string Format(string name, CultureInfo culture, params object?[] args) =>
        GuidanceBot.Data.Resources.TextFormat.Format(culture, Get(name, culture), args);
}
