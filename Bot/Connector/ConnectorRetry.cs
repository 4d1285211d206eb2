using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace GuidanceBot.Bot.Connector;

/// <summary>Which Connector answers are worth another attempt, and how long to wait for it.</summary>
internal static class ConnectorRetry
{
    /// <summary>Only these: the Connector documents them as transient. 403/404 are final, 400/401 are our bug.</summary>
    public static bool IsRetryable(HttpStatusCode status) => (int)status is 412 or 429 or 502 or 503 or 504;

    public static HttpRetryStrategyOptions Strategy(ConnectorOptions o, TimeProvider time) => new()
    {
        MaxRetryAttempts = o.MaxRetryAttempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = o.RetryBaseDelay,
        ShouldRetryAfterHeader = false, // the delay generator below reads it, with our cap
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Result, o, time)),
        // null falls back to the jittered exponential backoff.
        DelayGenerator = args => ValueTask.FromResult(RetryAfter.From(args.Outcome.Result, time)),
    };

    private static bool ShouldRetry(HttpResponseMessage? response, ConnectorOptions o, TimeProvider time)
    {
        if (response is null || !IsRetryable(response.StatusCode))
        {
            return false;
        }

        // A long Retry-After is not waited out inside one call: the caller gets Throttled and reschedules.
        return RetryAfter.From(response, time) is not { } wait || wait <= o.MaxRetryAfter;
    }
}
