using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Connector;

/// <summary>
/// The Bot Connector REST v3 client. Retries, throttling and the bearer token live in the HttpClient
/// pipeline (see <see cref="ConnectorServiceCollectionExtensions.AddConnectorClient"/>); this class
/// builds the requests and turns every answer into a typed <see cref="ConnectorResult{T}"/>.
/// </summary>
internal sealed partial class ConnectorClient(
    HttpClient http,
    IOptions<ConnectorOptions> options,
    TimeProvider time,
    ILogger<ConnectorClient> logger) : IConnectorClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct = default) =>
        SendActivityAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities"), conversationId, activity, ct);

    public Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct = default)
    {
        activity.ReplyToId ??= replyToId;
        return SendActivityAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}"), conversationId, activity, ct);
    }

    public Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct = default)
    {
        activity.Id ??= activityId;
        return SendActivityAsync(HttpMethod.Put, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}"), conversationId, activity, ct);
    }

    public async Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(parameters, ProtocolJson.Options);
        if (body.Length > options.Value.MaxCardBytes)
        {
            return TooLarge<ConversationResourceResponse>(body.Length);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Url(serviceUrl, "v3/conversations")) { Content = Content(body) };
        Budget(request, parameters.TenantId ?? TenantOf(parameters.ChannelData), conversationId: null);
        return await SendAsync<ConversationResourceResponse>(request, ct);
    }

    public async Task<ConnectorResult<IReadOnlyList<ChannelAccount>>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/members"));
        var result = await SendAsync<List<ChannelAccount>>(request, ct);
        return new ConnectorResult<IReadOnlyList<ChannelAccount>>(result.Outcome, result.Value, result.StatusCode, result.ErrorCode, result.ErrorMessage, result.RetryAfter);
    }

    private async Task<ConnectorResult<ResourceResponse>> SendActivityAsync(HttpMethod method, Uri url, string conversationId, Activity activity, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJson.Options);
        if (body.Length > options.Value.MaxCardBytes)
        {
            return TooLarge<ResourceResponse>(body.Length);
        }

        using var request = new HttpRequestMessage(method, url) { Content = Content(body) };
        Budget(request, activity.Conversation?.TenantId ?? TenantOf(activity.ChannelData), conversationId);
        request.Options.Set(ConnectorRequestOptions.DeliversActivity, true);
        return await SendAsync<ResourceResponse>(request, ct);
    }

    private async Task<ConnectorResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                var value = response.Content.Headers.ContentLength == 0
                    ? default
                    : await ReadJsonAsync<T>(response, ct);
                return new ConnectorResult<T>(ConnectorOutcome.Success, value, response.StatusCode);
            }

            var (code, message) = await ReadErrorAsync(response, ct);
            var outcome = response.StatusCode switch
            {
                HttpStatusCode.Forbidden => ConnectorOutcome.Forbidden,
                HttpStatusCode.NotFound => ConnectorOutcome.NotFound,
                _ when ConnectorRetry.IsRetryable(response.StatusCode) => ConnectorOutcome.Throttled,
                _ => ConnectorOutcome.Failed,
            };
            LogRefused(request.Method, request.RequestUri, (int)response.StatusCode, code);
            return new ConnectorResult<T>(outcome, default, response.StatusCode, code, message, RetryAfter.From(response, time));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or Microsoft.Identity.Client.MsalException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogFailed(ex, request.Method, request.RequestUri);
            return new ConnectorResult<T>(ConnectorOutcome.Failed, default, ErrorMessage: ex.Message);
        }
    }

    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return bytes.Length == 0 ? default : JsonSerializer.Deserialize<T>(bytes, ProtocolJson.Options);
    }

    /// <summary>The Connector's <c>{"error":{"code","message"}}</c>; Teams puts its sub-code (e.g. ConversationBlockedByUser) in <c>code</c>.</summary>
    private static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (string.IsNullOrWhiteSpace(text))
            {
                return (null, response.ReasonPhrase);
            }

            var error = JsonNode.Parse(text)?["error"];
            return (error?["code"]?.GetValue<string>(), error?["message"]?.GetValue<string>() ?? text);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return (null, response.ReasonPhrase);
        }
    }

    private ConnectorResult<T> TooLarge<T>(int bytes) => new(
        ConnectorOutcome.PayloadTooLarge, default, ErrorCode: "PayloadTooLarge",
        ErrorMessage: $"The activity is {bytes} bytes; Teams accepts at most {options.Value.MaxCardBytes}.");

    private static void Budget(HttpRequestMessage request, string? tenantId, string? conversationId)
    {
        // Without a tenant the sends still share one budget, so the per-conversation limit always holds.
        request.Options.Set(ConnectorRequestOptions.TenantId, string.IsNullOrEmpty(tenantId) ? "(no tenant)" : tenantId);

        if (!string.IsNullOrEmpty(conversationId))
        {
            request.Options.Set(ConnectorRequestOptions.ConversationId, conversationId);
        }
    }

    private static string? TenantOf(JsonObject? channelData) =>
        channelData?["tenant"]?["id"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

    private static Uri Url(string serviceUrl, string path)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Not an absolute http(s) service URL: '{serviceUrl}'.", nameof(serviceUrl));
        }

        return new Uri(serviceUrl.TrimEnd('/') + "/" + path);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Method} {Url} answered {Status} {Code}")]
    private partial void LogRefused(HttpMethod method, Uri? url, int status, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Method} {Url} failed")]
    private partial void LogFailed(Exception ex, HttpMethod method, Uri? url);
}
