using System.Globalization;
using System.Resources;

namespace GuidanceBot.Api.Common;

/// <summary>
/// The API's own messages (titles, field errors): <c>Resources/ApiMessages.resx</c> (neutral, zh-CN) and
/// <c>ApiMessages.en.resx</c>. The language is the request's UI culture, chosen by request localization
/// from <c>Accept-Language</c> (zh-CN unless the caller asks for en-US). Domain refusals come from the
/// rules' own messages.
/// </summary>
public static class ApiText
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static readonly ResourceManager Resources = new("GuidanceBot.Api.Resources.ApiMessages", typeof(ApiText).Assembly);

    /// <summary>The current request's language.</summary>
    public static CultureInfo Culture => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? English : Chinese;

    public static string Get(string key, params object[] args) => Get(key, Culture, args);

    public static string Get(string key, CultureInfo culture, params object[] args)
    {
        var format = Resources.GetString(key, culture) ?? throw new KeyNotFoundException($"No API message for '{key}'.");
        return GuidanceBot.Data.Resources.TextFormat.Format(culture, format, args);
    }

    public static string? Find(string key) => Resources.GetString(key, Culture);
}
