using System.Globalization;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.People;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Turns;

/// <summary>Conversation settings of the deployment, bound from the <c>Bot</c> section.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>
    /// The deployment's language: <c>zh-CN</c> (shipped), <c>en-US</c>, or <c>client</c> to follow the
    /// activity's locale. A person's own choice always wins.
    /// </summary>
    public string Language { get; set; } = BotLanguage.Chinese;

    /// <summary>How long a handled activity id is remembered to drop Teams' retries.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Largest <c>/api/messages</c> body (413 above): Teams' activities are a few kilobytes, a card's inputs a few dozen.</summary>
    public long MaxActivityBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// DESIGN.md's rule: a person's own choice wins; else the deployment setting <c>Bot:Language</c>
/// (zh-CN by default); else, when the deployment follows the client, the activity's locale.
/// Only zh-CN and en-US exist; anything else falls back to zh-CN.
/// </summary>
public sealed class BotLanguage(IOptions<BotOptions> options)
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";
    public const string FollowClient = "client";

    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo(Chinese);
    private static readonly CultureInfo EnUs = CultureInfo.GetCultureInfo(English);

    public CultureInfo Resolve(Person? person, Activity activity)
    {
        if (Supported(person?.PreferredLanguage) is { } chosen)
        {
            return chosen;
        }

        var setting = options.Value.Language;
        if (string.Equals(setting, FollowClient, StringComparison.OrdinalIgnoreCase))
        {
            return Supported(activity.GetLocale()) ?? ZhCn;
        }
        return Supported(setting) ?? ZhCn;
    }

    /// <summary>
    /// The language of a message to <paramref name="recipient"/> that answers no activity of theirs (a notice, a nudge): their
    /// choice, else the deployment's setting; a deployment that follows the client has no client here, so zh-CN.
    /// Never the sender's language.
    /// </summary>
    public CultureInfo Resolve(Person recipient) => Resolve(recipient, new Activity());

    /// <summary>zh-* → zh-CN, en-* → en-US, anything else → null.</summary>
    public static CultureInfo? Supported(string? tag) => tag switch
    {
        null or "" => null,
        _ when tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) => ZhCn,
        _ when tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) => EnUs,
        _ => null,
    };
}
