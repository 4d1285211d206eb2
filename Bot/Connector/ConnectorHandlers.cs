using System.Net;
using System.Net.Http.Headers;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Connector;

/// <summary>What the Connector pipeline needs to know about a request beyond its URL.</summary>
public static class ConnectorRequestOptions
{
    /// <summary>The tenant whose send budget the request uses.</summary>
    public static readonly HttpRequestOptionsKey<string> TenantId = new("GuidanceBot.Connector.TenantId");

    /// <summary>The conversation whose send budget the request uses.</summary>
    public static readonly HttpRequestOptionsKey<string> ConversationId = new("GuidanceBot.Connector.ConversationId");

    /// <summary>The request posts or updates an activity (what a person sees), not a lookup.</summary>
    public static readonly HttpRequestOptionsKey<bool> DeliversActivity = new("GuidanceBot.Connector.DeliversActivity");
}

/// <summary>
/// Runs once per attempt, inside the retry handler: every attempt, retries included, waits for a slot
/// within Teams' limits, and a 429 pauses the whole tenant.
/// </summary>
internal sealed class ConnectorThrottlingHandler(ConnectorThrottle throttle, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (!request.Options.TryGetValue(ConnectorRequestOptions.TenantId, out var tenant) || string.IsNullOrEmpty(tenant))
        {
            await Transmitting(request, ct);
            return await base.SendAsync(request, ct);
        }

        request.Options.TryGetValue(ConnectorRequestOptions.ConversationId, out var conversation);
        HttpResponseMessage response;
        var slot = await throttle.AcquireAsync(tenant, conversation, ct);
        try
        {
            await Transmitting(request, ct);
        }
        catch
        {
            slot.Abandon();
            throw;
        }

        slot.Leaving();
        var refused = false;
        try
        {
            response = await base.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttle.Pause(tenant, RetryAfter.From(response, time) ?? TimeSpan.FromSeconds(1));
                Telemetry.GuidanceTelemetry.Delivered("throttled");
            }
            refused = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
        }
        finally
        {
            // After the pause, so no send waiting on this one slips in before it.
            if (refused)
            {
                slot.Refused();
            }
            else
            {
                slot.Answered();
            }
        }

        return response;
    }

    private static Task Transmitting(HttpRequestMessage request, CancellationToken ct) =>
        request.Options.TryGetValue(ConnectorRequestOptions.DeliversActivity, out var delivers) && delivers && ActivitySendProbe.Current is { } probe
            ? probe.OnTransmitAsync(ct)
            : Task.CompletedTask;
}

/// <summary>
/// Adds the bot's bearer token (none in local unauthenticated mode) — only for a trusted Connector host.
/// <see cref="ConnectorClient"/> refuses other hosts before building a request; this is the last line for
/// anything that reaches the pipeline another way.
/// </summary>
internal sealed class ConnectorAuthenticationHandler(IBotTokenProvider tokens, ConnectorHosts hosts) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.RequestUri is not { } uri || !hosts.IsTrusted(uri))
        {
            throw new HttpRequestException($"Refused to send to '{request.RequestUri}': not a trusted Bot Connector host (Bot:ConnectorHosts).");
        }

        var token = await tokens.GetTokenAsync(ct);
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, ct);
    }
}

internal static class RetryAfter
{
    /// <summary><c>Retry-After</c> as seconds or as an HTTP date; null when absent.</summary>
    public static TimeSpan? From(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
