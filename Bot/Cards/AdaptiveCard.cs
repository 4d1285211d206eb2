using System.Text.Json.Nodes;

namespace GuidanceBot.Bot.Cards;

/// <summary>
/// Small builders for Adaptive Card 1.5 JSON (the AdaptiveCards NuGet package is not available here).
/// Each returns the element as a <see cref="JsonObject"/> in the schema's own field names.
/// </summary>
public static class AdaptiveCard
{
    public const string Version = "1.5";
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";

    public static JsonObject Create(IEnumerable<JsonNode> body, IEnumerable<JsonNode>? actions = null)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = Schema,
            ["version"] = Version,
            ["body"] = new JsonArray([.. body]),
        };
        if (actions is not null)
        {
            card["actions"] = new JsonArray([.. actions]);
        }
        return card;
    }

    public static JsonObject Heading(string text) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["size"] = "Large",
        ["weight"] = "Bolder",
        ["wrap"] = true,
        ["style"] = "heading",
    };

    public static JsonObject Text(string text, bool subtle = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (subtle)
        {
            block["isSubtle"] = true;
        }
        return block;
    }

    public static JsonObject InputText(string id, string label, string? placeholder = null, bool required = false, string? errorMessage = null)
    {
        var input = new JsonObject { ["type"] = "Input.Text", ["id"] = id, ["label"] = label };
        if (placeholder is not null) { input["placeholder"] = placeholder; }
        if (required) { input["isRequired"] = true; }
        if (errorMessage is not null) { input["errorMessage"] = errorMessage; }
        return input;
    }

    /// <summary>Action.Execute (Universal Actions): Teams sends an <c>adaptiveCard/action</c> invoke with this verb.</summary>
    public static JsonObject Execute(string title, string verb, JsonObject? data = null) => new()
    {
        ["type"] = "Action.Execute",
        ["title"] = title,
        ["verb"] = verb,
        ["data"] = data ?? new JsonObject(),
    };
}
