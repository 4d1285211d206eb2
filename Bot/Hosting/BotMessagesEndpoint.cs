using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Telemetry;
using GuidanceBot.Bot.Turns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Hosting;

/// <summary>Marks the endpoint that authenticates Bot Framework tokens itself (other authentication middleware skips it).</summary>
public sealed class BotProtocolEndpoint
{
    public static BotProtocolEndpoint Instance { get; } = new();

    private BotProtocolEndpoint()
    {
    }
}

public static partial class BotMessagesEndpoint
{
    private static readonly JsonTypeInfo<Activity> ActivityJson = (JsonTypeInfo<Activity>)ProtocolJson.Options.GetTypeInfo(typeof(Activity));

    /// <summary>
    /// <c>POST /api/messages</c>, where Teams (or the Agents Playground) delivers activities. The token is
    /// checked before the body is read; nothing of an unauthenticated body is acted on.
    /// </summary>
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app, string pattern = "/api/messages")
    {
        app.MapPost(pattern, HandleAsync)
            .WithName("BotMessages")
            .WithMetadata(BotProtocolEndpoint.Instance)
            .ExcludeFromDescription(); // the Bot Framework protocol, not part of the REST API
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, BotTokenValidator validator, BotTurnProcessor processor,
        IOptions<BotOptions> options, ILoggerFactory loggers)
    {
        var ct = http.RequestAborted;
        var auth = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString(), ct);
        if (auth.Status is BotAuthStatus.Unauthorized or BotAuthStatus.Unavailable)
        {
            return Refuse(http, loggers, auth);
        }

        // Teams' activities are a few kilobytes; a body is never read whole beyond the limit.
        var limit = options.Value.MaxActivityBytes;
        if (http.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync(http.Request.Body, ActivityJson, ct);
        }
        catch (JsonException)
        {
            activity = null;
        }
        catch (ArgumentException)
        {
            // A member given twice inside channelData, an entity or a value: System.Text.Json reports it as the
            // JsonObject's dictionary refusing the second key, not as a JsonException.
            activity = null;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }

        if (activity is null)
        {
            Refused("malformed");
            return TypedResults.Problem(title: "The body is not a Bot Framework activity.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (ActivityEnvelope.Problem(activity) is { } problem)
        {
            LogMalformed(loggers.CreateLogger(typeof(BotMessagesEndpoint)), problem);
            Refused("malformed");
            return TypedResults.Problem(title: "The activity cannot be acted on.", detail: problem, statusCode: StatusCodes.Status400BadRequest);
        }

        auth = validator.CheckActivity(auth, activity);
        if (!auth.IsTrusted)
        {
            return Refuse(http, loggers, auth);
        }

        // The turn's span is the request's (ASP.NET Core's "POST /api/messages", when traces are exported), tagged with
        // the activity's type; a span of its own would double what a turn exports. Nothing here runs when telemetry is off.
        if (http.Features.Get<IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } span)
        {
            span.SetTag("guidancebot.activity.type", activity.Type);
        }

        var outcome = await processor.ProcessAsync(activity, auth, ct);
        if (GuidanceTelemetry.Turns.Enabled)
        {
            GuidanceTelemetry.Turns.Add(1, new("activity.type", activity.Type), new("status", outcome.Status));
        }

        return outcome.Json is null
            ? TypedResults.StatusCode(outcome.Status)
            : TypedResults.Text(outcome.Json, "application/json", Encoding.UTF8, outcome.Status);
    }

    private static void Refused(string reason)
    {
        if (GuidanceTelemetry.Refusals.Enabled)
        {
            GuidanceTelemetry.Refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private static IResult TooLarge(long limit)
    {
        Refused("too_large");
        return TypedResults.Problem(title: "The activity is too large.", detail: $"At most {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
    }

    private static IResult Refuse(HttpContext http, ILoggerFactory loggers, BotAuthResult auth)
    {
        LogRefused(loggers.CreateLogger(typeof(BotMessagesEndpoint)), auth.Status, auth.Reason);
        Refused(auth.Status switch
        {
            BotAuthStatus.Forbidden => "forbidden",
            BotAuthStatus.Unavailable => "unavailable",
            _ => "unauthorized",
        });
        var status = auth.Status switch
        {
            BotAuthStatus.Forbidden => StatusCodes.Status403Forbidden,
            BotAuthStatus.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status401Unauthorized,
        };
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }
        return TypedResults.Problem(title: auth.Status.ToString(), detail: auth.Reason, statusCode: status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a malformed activity: {Problem}")]
    private static partial void LogMalformed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity: {Status} ({Reason})")]
    private static partial void LogRefused(ILogger logger, BotAuthStatus status, string? reason);
}
