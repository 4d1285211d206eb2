using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Bot.Flows.City;

/// <summary>What the city and letter handlers share: reading card data, answering in place or in chat.</summary>
public static class FlowTurn
{
    /// <summary>The Action.Execute data (with the inputs Teams merges into it), or an empty object for a typed command.</summary>
    public static JsonObject Data(this TurnContext turn) => Common.CardInput.From(turn).Data;

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

    /// <summary>
    /// A step the rules do not allow now (not yet, no longer): the user sees why, the card stays as it was. Not for
    /// the wrong role, another unit's record or a stale card: those go through <see cref="Common.FlowGuard"/>.
    /// </summary>
    public static async Task<InvokeResponse?> RefuseAsync(this TurnContext turn, int status, string code, string message, CancellationToken ct)
    {
        if (turn.IsInvoke())
        {
            return AdaptiveCardInvokeResponse.Error(status, code, message);
        }
        await turn.ReplyAsync(message, ct);
        return null;
    }

    public static Actor Actor(this TurnContext turn) => GuidanceBot.Data.Workflows.Actor.From(turn.Person!, turn.Culture);

    public static string UnitName(OrgUnit unit, CultureInfo culture) => UnitName(unit.Name, unit.NameEn, culture);

    public static string UnitName(string name, string? nameEn, CultureInfo culture) =>
        culture.Name == "en-US" && !string.IsNullOrEmpty(nameEn) ? nameEn : name;

    public static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Message(this DomainError error, CultureInfo culture) => error.In(culture).Message;
}
