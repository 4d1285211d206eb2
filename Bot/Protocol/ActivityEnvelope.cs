using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GuidanceBot.Bot.Protocol;

/// <summary>
/// What every activity must carry before the bot acts on it (stores its id or reference, resolves its
/// sender, replies to it): checked once, right after the body is read, so that nothing further down has
/// to guard against a missing conversation or a tenant that is not an object. Teams always sends these;
/// an activity without them is answered 400 and leaves nothing behind.
/// </summary>
public static class ActivityEnvelope
{
    /// <summary>Longer than any id Teams issues (a channel thread with its message id is under 200).</summary>
    public const int MaxIdLength = 1024;

    public const int MaxServiceUrlLength = 2048;

    /// <summary>Null when the activity can be acted on; otherwise what is wrong with it (for the 400's detail).</summary>
    public static string? Problem(Activity activity)
    {
        if ((Missing(activity.Type, "type") ?? Missing(activity.Id, "id") ?? Missing(activity.ChannelId, "channelId")) is { } missing)
        {
            return missing;
        }

        if (activity.Type == ActivityTypes.Invoke && string.IsNullOrWhiteSpace(activity.Name))
        {
            return "an invoke needs a name.";
        }

        if (!TryParseServiceUrl(activity.ServiceUrl, out _))
        {
            return "serviceUrl must be an absolute http(s) URL.";
        }

        if (activity.Conversation is not { } conversation)
        {
            return "conversation is required.";
        }

        if ((Missing(conversation.Id, "conversation.id") ?? Missing(activity.From?.Id, "from.id") ?? Missing(activity.Recipient?.Id, "recipient.id")) is { } account)
        {
            return account;
        }

        if ((TooLong(conversation.TenantId, "conversation.tenantId") ?? TooLong(activity.From!.AadObjectId, "from.aadObjectId")) is { } tooLong)
        {
            return tooLong;
        }

        if (TenantProblem(activity.ChannelData, conversation.TenantId) is { } tenant)
        {
            return tenant;
        }

        // Elements the readers would dereference: a null in one of these lists is not an entity, a member or a file.
        if (activity.Entities?.Contains(null!) == true)
        {
            return "entities must not contain null.";
        }

        if (activity.MembersAdded?.Contains(null!) == true || activity.MembersRemoved?.Contains(null!) == true || activity.Attachments?.Contains(null!) == true)
        {
            return "membersAdded, membersRemoved and attachments must not contain null.";
        }

        return null;
    }

    /// <summary>
    /// The only shape a service URL can have: absolute, http or https, no user info (<c>https://a@b/</c> names
    /// host b), at most <see cref="MaxServiceUrlLength"/> characters.
    /// </summary>
    public static bool TryParseServiceUrl(string? serviceUrl, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        return serviceUrl is { Length: > 0 and <= MaxServiceUrlLength }
            && Uri.TryCreate(serviceUrl, UriKind.Absolute, out uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.UserInfo.Length == 0
            && uri.Host.Length > 0;
    }

    /// <summary>
    /// The tenant decides whose people the sender is matched against: <c>channelData.tenant</c> must be an
    /// object with a string id, and it must not contradict <c>conversation.tenantId</c>.
    /// </summary>
    private static string? TenantProblem(JsonObject? channelData, string? conversationTenant)
    {
        if (channelData is null || !channelData.TryGetPropertyValue("tenant", out var tenant) || tenant is null)
        {
            return null;
        }

        if (tenant is not JsonObject tenantObject)
        {
            return "channelData.tenant must be an object.";
        }

        if (!tenantObject.TryGetPropertyValue("id", out var id) || id is null)
        {
            return null;
        }

        if (id is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return "channelData.tenant.id must be a string.";
        }

        var channelTenant = value.GetValue<string>();
        return TooLong(channelTenant, "channelData.tenant.id")
            ?? (conversationTenant is not null && !string.Equals(conversationTenant, channelTenant, StringComparison.OrdinalIgnoreCase)
                ? "channelData.tenant.id and conversation.tenantId name different tenants."
                : null);
    }

    private static string? Missing(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} is required." : TooLong(value, name);

    private static string? TooLong(string? value, string name) =>
        value?.Length > MaxIdLength ? $"{name} is longer than {MaxIdLength} characters." : null;
}
