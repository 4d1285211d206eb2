using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>
/// The one reader of card data, for every handler: what the card carried (step, record version, unit…) merged with
/// the user's inputs (an Action.Execute's data, an Action.Submit's value; empty for a typed command). Everything in it
/// may have been edited by hand, so it is read as untrusted text: blank is null, numbers and dates parse or are null.
/// </summary>
public sealed class CardInput(JsonObject data)
{
    public static CardInput From(TurnContext turn) =>
        new(turn.Activity.GetAdaptiveCardAction()?.Data as JsonObject
            ?? turn.Activity.Value as JsonObject
            ?? []);

    public JsonObject Data { get; } = data;

    /// <summary>The flow's step; a button of the menu carries none, which opens the form.</summary>
    public string Step => Text("step") ?? "open";

    /// <summary>Trimmed text of a field (numbers and booleans as their JSON text); null when absent or blank (spaces and invisible characters alone are blank).</summary>
    public string? Text(string id)
    {
        var text = Data[id] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
        return TextRule.IsBlank(text) ? null : text!.Trim();
    }

    public int? Int(string id) =>
        int.TryParse(Text(id), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A multi-select choice's values (sent comma-separated); empty when none was chosen.</summary>
    public IReadOnlyList<string> List(string id) =>
        Text(id)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    public Guid? Guid(string id) => System.Guid.TryParse(Text(id), out var g) ? g : null;

    /// <summary>A date (yyyy-MM-dd, as Input.Date sends it) inside <see cref="FieldLimits"/>; null for anything else.</summary>
    public DateOnly? Date(string id) => FieldLimits.ParseDate(Text(id));

    /// <summary>
    /// Something typed into a date input that is not a date the rules take (not yyyy-MM-dd, or outside 2000–2100): the
    /// refusal to show under it, named by <paramref name="label"/>; null when the input is blank or a good date.
    /// </summary>
    public DomainError? DateRefusal(string id, string label, CultureInfo culture) =>
        Text(id) is not null && Date(id) is null ? FieldLimits.DateOutOfRange(label, culture, id) : null;

    public bool Has(string id) => Data.ContainsKey(id);
}
