using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.Extensions.Logging;

namespace GuidanceBot.Bot.Flows.City;

/// <summary>What the city and letter handlers share: reading card data, answering in place or in chat, refusing.</summary>
public static partial class FlowTurn
{
    /// <summary>The Action.Execute data (with the inputs Teams merges into it), or an empty object for a typed command.</summary>
    public static JsonObject Data(this TurnContext turn) =>
        turn.Activity.GetAdaptiveCardAction()?.Data as JsonObject ?? turn.Activity.Value as JsonObject ?? [];

    public static bool IsInvoke(this TurnContext turn) => turn.Activity.Type == ActivityTypes.Invoke;

    /// <summary>Trimmed text of a field; null when absent, not text, or blank (spaces and invisible characters alone are blank).</summary>
    public static string? Str(this JsonObject data, string name) =>
        data[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { } s && !TextRule.IsBlank(s) ? s.Trim() : null;

    public static int? Int(this JsonObject data, string name) => data[name] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    public static Guid? Guid(this JsonObject data, string name) =>
        System.Guid.TryParse(data.Str(name), out var g) ? g : null;

    /// <summary>A date (yyyy-MM-dd) inside <see cref="FieldLimits"/>; null for anything else.</summary>
    public static DateOnly? Date(this JsonObject data, string name) => FieldLimits.ParseDate(data.Str(name));

    /// <summary>A card: in place of the one acted on (invoke), or as a new message (typed command).</summary>
    public static async Task<InvokeResponse?> ShowAsync(this TurnContext turn, JsonObject card, string summary, CancellationToken ct)
    {
        if (turn.IsInvoke())
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(card, summary, ct);
        return null;
    }

    /// <summary>A refusal the user sees; the card stays as it was.</summary>
    public static async Task<InvokeResponse?> RefuseAsync(this TurnContext turn, int status, string code, string message, CancellationToken ct)
    {
        if (turn.IsInvoke())
        {
            return AdaptiveCardInvokeResponse.Error(status, code, message);
        }
        await turn.ReplyAsync(message, ct);
        return null;
    }

    /// <summary>
    /// The sender may not take this step (wrong role, another unit's record, a hand-edited card): refused
    /// with the same answer whatever the reason, and logged with who tried what.
    /// </summary>
    public static Task<InvokeResponse?> ForbiddenAsync(this TurnContext turn, ILogger logger, string what, CancellationToken ct)
    {
        LogRefused(logger, turn.Person?.Id, turn.Role?.ToString(), turn.Unit?.Code, what);
        return turn.RefuseAsync(403, "forbidden", CityText.Get("Forbidden", turn.Culture), ct);
    }

    /// <summary>A refused workflow step, as the user should read it.</summary>
    public static Task<InvokeResponse?> FailedAsync(this TurnContext turn, ILogger logger, WorkflowResult result, string what, CancellationToken ct)
    {
        var error = result.Error!.In(turn.Culture);
        return result.Status switch
        {
            WorkflowStatus.Forbidden => turn.ForbiddenAsync(logger, $"{what}: {error.Code}", ct),
            WorkflowStatus.Conflict => turn.RefuseAsync(409, "stale", CityText.Get("Stale", turn.Culture), ct),
            WorkflowStatus.NotFound => turn.RefuseAsync(404, "notFound", error.Message, ct),
            _ => turn.RefuseAsync(422, error.Code, error.Message, ct),
        };
    }

    public static Actor Actor(this TurnContext turn) => GuidanceBot.Data.Workflows.Actor.From(turn.Person!, turn.Culture);

    public static string UnitName(OrgUnit unit, CultureInfo culture) => UnitName(unit.Name, unit.NameEn, culture);

    public static string UnitName(string name, string? nameEn, CultureInfo culture) =>
        culture.Name == "en-US" && !string.IsNullOrEmpty(nameEn) ? nameEn : name;

    public static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Message(this DomainError error, CultureInfo culture) => error.In(culture).Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused: person {PersonId} ({Role}, unit {Unit}) tried {What}")]
    private static partial void LogRefused(ILogger logger, int? personId, string? role, string? unit, string what);
}
