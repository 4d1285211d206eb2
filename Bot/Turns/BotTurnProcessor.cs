using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Conversations;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Bot.Turns;

/// <summary>What <c>POST /api/messages</c> answers: a status and, for invokes, the JSON body.</summary>
public readonly record struct TurnOutcome(int Status, string? Json)
{
    public static TurnOutcome Ok { get; } = new(200, null);
}

/// <summary>
/// The turn pipeline: drop Teams' retries, resolve the sender to a person, keep the conversation
/// registry current, pick the language, and hand the turn to the handler registered for its activity
/// type, command, invoke name or card verb. Only called for trusted requests (verified token or local mode).
/// </summary>
public sealed partial class BotTurnProcessor(
    GuidanceDbContext db,
    KnownSenders senders,
    ActivityDeduplicator dedupe,
    ConversationRegistry registry,
    BotLanguage language,
    GuidanceBot.Bot.Cards.RehearsalBanner banner,
    TurnRouter router,
    IConnectorClient connector,
    IServiceProvider services,
    ILogger<BotTurnProcessor> logger)
{
    /// <summary>How long a retried invoke waits for the first delivery's answer.</summary>
    private static readonly TimeSpan ReplayWait = TimeSpan.FromSeconds(10);

    public async Task<TurnOutcome> ProcessAsync(Activity activity, BotAuthResult auth, CancellationToken ct)
    {
        if (!auth.IsTrusted)
        {
            throw new InvalidOperationException("Only trusted activities reach the turn pipeline.");
        }

        var type = activity.Type ?? "";
        var handled = type is ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate
            || router.ActivityType(type) is not null;
        if (!handled)
        {
            LogIgnored(type);
            return TurnOutcome.Ok; // typing, messageReaction, event… : acknowledged, nothing to do
        }

        var key = ActivityDeduplicator.KeyOf(activity);
        if (key is not null && !await dedupe.TryClaimAsync(key, ct))
        {
            LogDuplicate(key);
            if (type != ActivityTypes.Invoke)
            {
                return TurnOutcome.Ok;
            }
            var stored = await dedupe.GetResponseAsync(key, ReplayWait, ct);
            return stored is null ? new TurnOutcome(503, null) : Unpack(stored);
        }

        try
        {
            var outcome = await HandleAsync(activity, auth, ct);
            if (key is not null && type == ActivityTypes.Invoke)
            {
                await dedupe.SaveResponseAsync(key, Pack(outcome), ct);
            }
            return outcome;
        }
        catch (Exception) when (key is not null)
        {
            // Not handled after all: let Teams' retry through.
            await dedupe.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
    }

    private async Task<TurnOutcome> HandleAsync(Activity activity, BotAuthResult auth, CancellationToken ct)
    {
        var person = activity.GetTenantId() is { } tenant && activity.From?.AadObjectId is { } aad
            ? await senders.FindAsync(db, tenant, aad)
            : null;

        await UpdateRegistryAsync(activity, person, ct);

        var turn = new TurnContext(activity, person, language.Resolve(person, activity), auth.IsAuthenticated, connector);
        if (CardTextGuard.Check(activity, turn.Culture) is { } refused)
        {
            // Text no field may hold: refused before any handler, so nothing of it is stored.
            if (activity.Type == ActivityTypes.Invoke)
            {
                return Invoke(AdaptiveCardInvokeResponse.Error(400, refused.Code, refused.Message));
            }
            await turn.ReplyAsync(refused.Message, ct);
            return TurnOutcome.Ok;
        }
        var route = Route(activity);
        if (route is null)
        {
            return activity.Type == ActivityTypes.Invoke ? Invoke(InvokeResponse.NotImplemented) : TurnOutcome.Ok;
        }

        if (person is { IsActive: false })
        {
            if (!route.AllowUnknownSender)
            {
                // A deactivated person: one answer for every command and card, here rather than in each handler.
                return await DeactivatedAsync(turn, ct);
            }
            // What anyone may do (a new invite code brings them back; installs): as someone the bot does not know.
            turn = new TurnContext(activity, null, turn.Culture, auth.IsAuthenticated, connector);
            person = null;
        }
        if (person is null && !route.AllowUnknownSender)
        {
            route = router.UnknownSender;
        }

        var handler = (ITurnHandler)services.GetRequiredService(route.HandlerType);
        var response = await handler.HandleAsync(turn, ct);
        return activity.Type == ActivityTypes.Invoke
            ? Invoke(response ?? new InvokeResponse(200, null))
            : TurnOutcome.Ok;
    }

    private async Task<TurnOutcome> DeactivatedAsync(TurnContext turn, CancellationToken ct)
    {
        var message = Resources.BotText.Get("Deactivated", turn.Culture);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return Invoke(AdaptiveCardInvokeResponse.Error(403, "deactivated", message));
        }
        if (turn.Activity.Type == ActivityTypes.Message)
        {
            await turn.ReplyAsync(message, ct);
        }
        return TurnOutcome.Ok;
    }

    private TurnRoute? Route(Activity activity)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                // Action.Submit arrives as a message whose value carries the verb.
                if (activity.Value is JsonObject value && value["verb"] is JsonValue v && v.TryGetValue<string>(out var submitVerb))
                {
                    return router.Verb(submitVerb) ?? router.Fallback;
                }
                var text = activity.GetTextWithoutBotMention();
                var word = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? first : "";
                return router.Command(word) ?? router.Fallback;

            case ActivityTypes.Invoke when activity.Name == InvokeNames.AdaptiveCardAction:
                return activity.GetAdaptiveCardAction()?.Verb is { } verb
                    ? router.Verb(verb) ?? router.Verb(UnknownVerbHandler.Key)
                    : router.Verb(UnknownVerbHandler.Key);

            case ActivityTypes.Invoke:
                return activity.Name is { } name ? router.Invoke(name) : null;

            default:
                return router.ActivityType(activity.Type!);
        }
    }

    private async Task UpdateRegistryAsync(Activity activity, Person? person, CancellationToken ct)
    {
        var botRemoved = activity.Type == ActivityTypes.ConversationUpdate
            && activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true;
        var uninstalled = activity.Type == ActivityTypes.InstallationUpdate
            && activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true;

        if (uninstalled || botRemoved)
        {
            await registry.MarkUninstalledAsync(activity, ct);
        }
        else
        {
            await registry.RecordAsync(activity, person?.Id, ct);
        }
    }

    private TurnOutcome Invoke(InvokeResponse response)
    {
        // The one place an invoke's card leaves the bot: the rehearsal line goes on it here.
        var body = response.Body is AdaptiveCardInvokeResponse { Value: JsonObject card } answer && banner.IsOn
            ? answer with { Value = banner.Stamp(card) }
            : response.Body;
        return new(response.Status, body is null ? null : JsonSerializer.Serialize(body, body.GetType(), ProtocolJson.Options));
    }

    private static string Pack(TurnOutcome outcome) =>
        new JsonObject { ["status"] = outcome.Status, ["body"] = outcome.Json }.ToJsonString();

    private static TurnOutcome Unpack(string stored)
    {
        var node = JsonNode.Parse(stored)!;
        return new TurnOutcome(node["status"]!.GetValue<int>(), node["body"]?.GetValue<string>());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring activity of type '{Type}'")]
    private partial void LogIgnored(string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity {Key} was already handled; not acting on it again")]
    private partial void LogDuplicate(string key);
}
