using System.Text.Json;
using System.Text.Json.Nodes;

namespace GuidanceBot.Bot.Protocol;

/// <summary>Conversation types Teams puts in <c>conversation.conversationType</c>.</summary>
public static class ConversationTypes
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";
}

public static class InvokeNames
{
    /// <summary>Action.Execute on an Adaptive Card (Universal Actions).</summary>
    public const string AdaptiveCardAction = "adaptiveCard/action";
}

/// <summary>Reading the Teams-specific parts of an activity without copying them into more types.</summary>
public static class ActivityExtensions
{
    /// <summary>The Entra ID tenant: <c>channelData.tenant.id</c>, else <c>conversation.tenantId</c>.</summary>
    public static string? GetTenantId(this Activity activity) =>
        Str(At(activity.ChannelData, "tenant", "id")) ?? activity.Conversation?.TenantId;

    /// <summary>The team of a channel conversation: <c>channelData.team.id</c> (or the older <c>teamsTeamId</c>).</summary>
    public static string? GetTeamId(this Activity activity) =>
        Str(At(activity.ChannelData, "team", "id")) ?? Str(At(activity.ChannelData, "teamsTeamId"));

    /// <summary>The Teams channel of a channel conversation: <c>channelData.channel.id</c> (or <c>teamsChannelId</c>).</summary>
    public static string? GetTeamsChannelId(this Activity activity) =>
        Str(At(activity.ChannelData, "channel", "id")) ?? Str(At(activity.ChannelData, "teamsChannelId"));

    public static string GetConversationType(this Activity activity) =>
        activity.Conversation?.ConversationType
        ?? (activity.Conversation?.IsGroup == true ? ConversationTypes.GroupChat : ConversationTypes.Personal);

    public static bool IsGroupConversation(this Activity activity) =>
        activity.GetConversationType() is ConversationTypes.GroupChat or ConversationTypes.Channel;

    public static IEnumerable<Mention> GetMentions(this Activity activity)
    {
        foreach (var entity in activity.Entities ?? [])
        {
            if (Str(At(entity, "type")) == "mention")
            {
                yield return new Mention(Str(At(entity, "mentioned", "id")), Str(At(entity, "mentioned", "name")), Str(At(entity, "text")));
            }
        }
    }

    public static ClientInfo? GetClientInfo(this Activity activity)
    {
        foreach (var entity in activity.Entities ?? [])
        {
            if (Str(At(entity, "type")) == "clientInfo")
            {
                return new ClientInfo(Str(At(entity, "locale")), Str(At(entity, "country")), Str(At(entity, "platform")), Str(At(entity, "timezone")));
            }
        }
        return null;
    }

    /// <summary>The client's locale: <c>activity.locale</c>, else the clientInfo entity's.</summary>
    public static string? GetLocale(this Activity activity) => activity.Locale ?? activity.GetClientInfo()?.Locale;

    /// <summary>The client's IANA time zone: <c>localTimezone</c>, else the clientInfo entity's.</summary>
    public static string? GetTimeZone(this Activity activity) => activity.LocalTimezone ?? activity.GetClientInfo()?.Timezone;

    /// <summary>
    /// The text the user typed, without the bot's own <c>&lt;at&gt;…&lt;/at&gt;</c> (group chats and channels
    /// only reach the bot when it is mentioned), trimmed. Other people's mentions stay.
    /// </summary>
    public static string GetTextWithoutBotMention(this Activity activity)
    {
        var text = activity.Text ?? "";
        if (activity.IsGroupConversation() && activity.Recipient?.Id is { } botId)
        {
            foreach (var mention in activity.GetMentions())
            {
                if (mention.Id == botId && !string.IsNullOrEmpty(mention.Text))
                {
                    text = text.Replace(mention.Text, "", StringComparison.Ordinal);
                }
            }
        }
        return text.Trim();
    }

    /// <summary>The Action.Execute of an <c>adaptiveCard/action</c> invoke, or null for any other activity.</summary>
    public static AdaptiveCardAction? GetAdaptiveCardAction(this Activity activity)
    {
        if (activity.Type != ActivityTypes.Invoke || activity.Name != InvokeNames.AdaptiveCardAction
            || activity.Value is not JsonObject value || value["action"] is not JsonObject action)
        {
            return null;
        }
        return new AdaptiveCardAction(Str(action["type"]), Str(action["verb"]), Str(action["id"]), Str(action["title"]), action["data"]);
    }

    /// <summary>
    /// The reply skeleton: from the bot to the sender in the same conversation, as the Connector expects it.
    /// </summary>
    public static Activity CreateReply(this Activity activity, string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        From = activity.Recipient is { } bot ? new ChannelAccount { Id = bot.Id, Name = bot.Name } : null,
        Recipient = activity.From is { } user ? new ChannelAccount { Id = user.Id, Name = user.Name, AadObjectId = user.AadObjectId } : null,
        Conversation = activity.Conversation is { } c
            ? new ConversationAccount { Id = c.Id, ConversationType = c.ConversationType, TenantId = c.TenantId ?? activity.GetTenantId(), IsGroup = c.IsGroup }
            : null,
        ChannelId = activity.ChannelId,
        ServiceUrl = activity.ServiceUrl,
        ReplyToId = activity.Id,
        Text = text,
    };

    /// <summary>A reply carrying one Adaptive Card.</summary>
    public static Activity CreateCardReply(this Activity activity, JsonNode card, string? summary = null)
    {
        var reply = activity.CreateReply();
        reply.Summary = summary;
        reply.Attachments = [new Attachment { ContentType = Attachment.AdaptiveCardContentType, Content = card }];
        return reply;
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>
    /// A member of nested objects, or null when any step is missing or not an object: Teams' extension data
    /// is read as found (JsonNode's indexer throws on an array or a value).
    /// </summary>
    public static JsonNode? At(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(name, out node))
            {
                return null;
            }
        }
        return node;
    }
}
