using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Bot.Flows.Common;

/// <summary>What every handler shares to answer: in place or in the chat, the sender as the workflow's actor, names and days as cards show them. Card data is read with <see cref="CardInput"/>.</summary>
public static class FlowTurn
{
    public static bool IsInvoke(this TurnContext turn) => turn.Activity.Type == ActivityTypes.Invoke;

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
    /// the wrong role, another unit's record or a stale card: those go through <see cref="FlowGuard"/>.
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
