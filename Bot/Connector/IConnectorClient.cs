using System.Net;
using System.Text.Json.Serialization;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;

namespace GuidanceBot.Bot.Connector;

/// <summary>
/// The Bot Connector REST API v3, relative to the activity's <c>serviceUrl</c>. Every call returns a
/// typed outcome instead of throwing for the answers Teams is known to give (403, 404, throttling).
/// </summary>
public interface IConnectorClient
{
    /// <summary>POST v3/conversations/{conversationId}/activities</summary>
    Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct = default);

    /// <summary>POST v3/conversations/{conversationId}/activities/{activityId}</summary>
    Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct = default);

    /// <summary>PUT v3/conversations/{conversationId}/activities/{activityId}</summary>
    Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct = default);

    /// <summary>POST v3/conversations — a proactive 1:1 conversation needs the user id and the tenant id.</summary>
    Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct = default);

    /// <summary>GET v3/conversations/{conversationId}/members</summary>
    Task<ConnectorResult<IReadOnlyList<ChannelAccount>>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken ct = default);
}

public enum ConnectorOutcome
{
    Success,
    /// <summary>403: the user blocked or uninstalled the bot, or is not in the roster. Do not retry.</summary>
    Forbidden,
    /// <summary>404: the conversation or activity no longer exists. Do not retry.</summary>
    NotFound,
    /// <summary>Still 412/429/502/503/504 after the retries; try again later, after <c>RetryAfter</c>.</summary>
    Throttled,
    /// <summary>Refused before sending: the payload is over the size limit.</summary>
    PayloadTooLarge,
    /// <summary>Any other failure (400, 401, network).</summary>
    Failed,
    /// <summary>Refused before sending: the service URL is not a trusted Bot Connector host (see <see cref="ConnectorHosts"/>).</summary>
    UntrustedServiceUrl,
}

public sealed record ConnectorResult<T>(
    ConnectorOutcome Outcome,
    T? Value,
    HttpStatusCode? StatusCode = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => Outcome == ConnectorOutcome.Success;

    /// <summary>403 and 404 mean the person cannot be reached through this conversation any more.</summary>
    public bool IsTerminal => Outcome is ConnectorOutcome.Forbidden or ConnectorOutcome.NotFound;
}

public sealed record ResourceResponse([property: JsonPropertyName("id")] string? Id);

public sealed record ConversationResourceResponse(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("serviceUrl")] string? ServiceUrl,
    [property: JsonPropertyName("activityId")] string? ActivityId);

public sealed class ConversationParameters
{
    [JsonPropertyName("isGroup")] public bool IsGroup { get; set; }
    [JsonPropertyName("bot")] public ChannelAccount? Bot { get; set; }
    [JsonPropertyName("members")] public List<ChannelAccount> Members { get; set; } = [];
    [JsonPropertyName("tenantId")] public string? TenantId { get; set; }
    [JsonPropertyName("channelData")] public System.Text.Json.Nodes.JsonObject? ChannelData { get; set; }
    [JsonPropertyName("activity")] public Activity? Activity { get; set; }
}
