using System.Globalization;
using System.Resources;

namespace GuidanceBot.Data.Resources;

/// <summary>A message argument that is itself a message (a status or action name), localized with the message.</summary>
public sealed record TextRef(string Code);

/// <summary>
/// The one way to read a domain message: <c>DomainMessages.resx</c> (neutral, zh-CN) and
/// <c>DomainMessages.en.resx</c>. A missing culture falls back to Chinese, the bureau's language.
/// </summary>
public static class DomainText
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static readonly ResourceManager Resources =
        new("GuidanceBot.Data.Resources.DomainMessages", typeof(DomainText).Assembly);

    /// <summary>The message for <paramref name="code"/>; <paramref name="culture"/> null means Chinese.</summary>
    public static string Get(string code, CultureInfo? culture, params object[] args)
    {
        culture ??= Chinese;
        var format = Resources.GetString(code, culture)
            ?? throw new KeyNotFoundException($"No domain message for '{code}'.");
        if (args.Length == 0)
        {
            return format;
        }
        var resolved = args.Select(a => a is TextRef r ? Get(r.Code, culture) : a).ToArray();
        return TextFormat.Format(culture, format, resolved);
    }

    /// <summary>True when a message exists (tests check every code has both languages).</summary>
    public static bool Has(string code, CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.GetString(code) is not null;
}
