using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GuidanceBot.Bot.Protocol;

/// <summary>
/// What the bot answers to an invoke activity: the HTTP status of the answer to <c>POST /api/messages</c>
/// and its body. For <c>adaptiveCard/action</c> the body is an <see cref="AdaptiveCardInvokeResponse"/>.
/// </summary>
public sealed record InvokeResponse(int Status, object? Body)
{
    public static InvokeResponse NotImplemented { get; } = new(501, null);
}

/// <summary>The body Teams expects for <c>adaptiveCard/action</c> (Action.Execute): <c>{statusCode, type, value}</c>.</summary>
public sealed record AdaptiveCardInvokeResponse(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] JsonNode? Value)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>Replace the card the user acted on with this one.</summary>
    public static InvokeResponse Card(JsonObject card) => new(200, new AdaptiveCardInvokeResponse(200, CardType, card));

    /// <summary>Show a short message to the user, keep the card.</summary>
    public static InvokeResponse Message(string text) => new(200, new AdaptiveCardInvokeResponse(200, MessageType, JsonValue.Create(text)));

    /// <summary>An error the user sees (4xx/5xx) with a code and a readable message.</summary>
    public static InvokeResponse Error(int statusCode, string code, string message) =>
        new(200, new AdaptiveCardInvokeResponse(statusCode, ErrorType, new JsonObject { ["code"] = code, ["message"] = message }));
}

/// <summary>The <c>value.action</c> of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record AdaptiveCardAction(string? Type, string? Verb, string? Id, string? Title, JsonNode? Data);

/// <summary>An <c>@mention</c> entity.</summary>
public sealed record Mention(string? Id, string? Name, string? Text);

/// <summary>The <c>clientInfo</c> entity Teams attaches to user activities.</summary>
public sealed record ClientInfo(string? Locale, string? Country, string? Platform, string? Timezone);
