using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Bot.Turns;

/// <summary>
/// One incoming activity and what the bot knows about it: who sent it (a <see cref="Person"/> or null for
/// someone not yet invited), their role and unit, the language to answer in, and whether the request
/// carried a verified token. Handlers answer through <see cref="ReplyAsync(Activity, CancellationToken)"/>.
/// </summary>
public sealed class TurnContext(Activity activity, Person? person, CultureInfo culture, bool isAuthenticated, IConnectorClient connector)
{
    public Activity Activity { get; } = activity;

    /// <summary>The sender, resolved by (tenant id, AAD object id); null when not (yet) a user of the bot.</summary>
    public Person? Person { get; } = person;

    public PersonRole? Role => Person?.Role;
    public OrgUnit? Unit => Person?.Unit;

    /// <summary>The language of every card and message of this turn.</summary>
    public CultureInfo Culture { get; } = culture;

    /// <summary>True when the request carried a verified token; false in the local mode.</summary>
    public bool IsAuthenticated { get; } = isAuthenticated;

    /// <summary>The message text without the bot's own mention.</summary>
    public string Text => field ??= Activity.GetTextWithoutBotMention();

    /// <summary>Replies sent during this turn (ids from the Connector), in order.</summary>
    public List<ConnectorResult<ResourceResponse>> Replies { get; } = [];

    public Task<ConnectorResult<ResourceResponse>> ReplyAsync(string text, CancellationToken ct = default) =>
        ReplyAsync(Activity.CreateReply(text), ct);

    public Task<ConnectorResult<ResourceResponse>> ReplyAsync(JsonNode card, string? summary, CancellationToken ct = default) =>
        ReplyAsync(Activity.CreateCardReply(card, summary), ct);

    public async Task<ConnectorResult<ResourceResponse>> ReplyAsync(Activity reply, CancellationToken ct = default)
    {
        reply.Locale ??= Culture.Name;
        var result = await connector.ReplyToActivityAsync(Activity.ServiceUrl!, Activity.Conversation!.Id!, Activity.Id!, reply, ct);
        Replies.Add(result);
        return result;
    }
}

/// <summary>
/// A piece of conversation logic. Message and event handlers answer with
/// <see cref="TurnContext.ReplyAsync(string, CancellationToken)"/> and return null; invoke handlers return
/// the invoke response that goes back in the HTTP body.
/// </summary>
public interface ITurnHandler
{
    Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct);
}
