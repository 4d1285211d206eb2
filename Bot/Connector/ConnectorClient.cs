using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Flows.Common;
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
    ConnectorHosts hosts,
    TimeProvider time,
    GuidanceBot.Bot.Cards.RehearsalBanner banner,
    ILogger<ConnectorClient> logger) : IConnectorClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct = default) =>
        SendActivityAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", conversationId, activity, ct);

    public Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct = default)
    {
        activity.ReplyToId ??= replyToId;
        return SendActivityAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}", conversationId, activity, ct);
    }

    public Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct = default)
    {
        activity.Id ??= activityId;
        return SendActivityAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", conversationId, activity, ct);
    }

    public async Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct = default)
    {
        if (Url(serviceUrl, "v3/conversations") is not { } url)
        {
            return Untrusted<ConversationResourceResponse>(serviceUrl);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(parameters, ProtocolJson.Options);
        if (body.Length > options.Value.MaxCardBytes)
        {
            return TooLarge<ConversationResourceResponse>(body.Length);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Content(body) };
        Budget(request, parameters.TenantId ?? TenantOf(parameters.ChannelData), conversationId: null);
        return await SendAsync<ConversationResourceResponse>(request, ct);
    }

    public async Task<ConnectorResult<IReadOnlyList<ChannelAccount>>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken ct = default)
    {
        if (Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/members") is not { } url)
        {
            return Untrusted<IReadOnlyList<ChannelAccount>>(serviceUrl);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var result = await SendAsync<List<ChannelAccount>>(request, ct);
        return new ConnectorResult<IReadOnlyList<ChannelAccount>>(result.Outcome, result.Value, result.StatusCode, result.ErrorCode, result.ErrorMessage, result.RetryAfter);
    }

    private async Task<ConnectorResult<ResourceResponse>> SendActivityAsync(HttpMethod method, string serviceUrl, string path, string conversationId, Activity activity, CancellationToken ct)
    {
        if (Url(serviceUrl, path) is not { } url)
        {
            return Untrusted<ResourceResponse>(serviceUrl);
        }

        // Every activity sent — reply, notice, nudge — passes here: the rehearsal line goes on its cards (the stored ones stay as they were).
        banner.Stamp(activity);
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
        // One span per Connector call: retries, throttling waits and the token included (each attempt is a child span
        // of the HTTP client's when traces are exported).
        using var span = Telemetry.GuidanceTelemetry.Source.StartActivity("connector " + request.Method.Method, System.Diagnostics.ActivityKind.Client);
        var recorded = span is { IsAllDataRequested: true };
        if (recorded)
        {
            span!.SetTag("server.address", request.RequestUri?.Host);
        }
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (recorded)
            {
                span!.SetTag("http.response.status_code", (int)response.StatusCode);
            }
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
        ActivityExtensions.At(channelData, "tenant", "id") is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>The request URL, or null when the service URL is not a trusted Connector host: nothing is sent there.</summary>
    private Uri? Url(string? serviceUrl, string path)
    {
        if (!hosts.IsTrusted(serviceUrl))
        {
            return null;
        }

        // The path is appended to the service URL's own path (Teams' regions: /amer/, /emea/…); the host stays the checked one.
        return Uri.TryCreate(serviceUrl!.TrimEnd('/') + "/" + path, UriKind.Absolute, out var url) && hosts.IsTrusted(url) ? url : null;
    }

    private ConnectorResult<T> Untrusted<T>(string? serviceUrl)
    {
        LogUntrusted(serviceUrl);
        return new(ConnectorOutcome.UntrustedServiceUrl, default, ErrorCode: nameof(ConnectorOutcome.UntrustedServiceUrl),
            ErrorMessage: $"'{serviceUrl}' is not a trusted Bot Connector host (Bot:ConnectorHosts); nothing was sent.");
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Method} {Url} answered {Status} {Code}")]
    private partial void LogRefused(HttpMethod method, Uri? url, int status, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to send to {ServiceUrl}: not a trusted Bot Connector host")]
    private partial void LogUntrusted(string? serviceUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Method} {Url} failed")]
    private partial void LogFailed(Exception ex, HttpMethod method, Uri? url);
}
