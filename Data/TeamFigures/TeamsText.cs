using System.Globalization;
using System.Resources;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.TeamFigures;

/// <summary>
/// Messages of the team, training and progress rules: zh-CN in <c>TeamsMessages.resx</c>, en-US in
/// <c>TeamsMessages.en.resx</c> (kept apart from DomainMessages so the feature stays in its folder).
/// </summary>
public static class TeamsText
{
    private static readonly ResourceManager Resources = new("GuidanceBot.Data.TeamFigures.Resources.TeamsMessages", typeof(TeamsText).Assembly);

    public static string Get(string code, CultureInfo? culture, params object[] args)
    {
        culture ??= DomainText.Chinese;
        var format = Resources.GetString(code, culture) ?? throw new KeyNotFoundException($"No team message for '{code}'.");
        return GuidanceBot.Data.Resources.TextFormat.Format(culture, format, args);
    }

    /// <summary>A refusal naming <paramref name="field"/>, in <paramref name="culture"/>.</summary>
    public static DomainError Error(string code, CultureInfo? culture, string field, params object[] args) =>
        new(code, Get(code, culture, args), field) { Args = args };
}
