using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Turns;

/// <summary>
/// The cards' side of <see cref="TextRule"/>: a card submission (Action.Execute's data with the inputs Teams
/// merges into it, or Action.Submit's value) in which any text holds a character no field may hold is refused
/// before a handler sees it, so no card, present or future, can store one. Field rules (required, length, one
/// line) stay with each form's checks.
/// </summary>
public static class CardTextGuard
{
    private const int MaxDepth = 16;

    /// <summary>The refusal of this activity's card data, or null (also for activities that carry none).</summary>
    public static DomainError? Check(Activity activity, CultureInfo culture)
    {
        var isCardAction = (activity.Type == ActivityTypes.Invoke && activity.Name == InvokeNames.AdaptiveCardAction)
            || (activity.Type == ActivityTypes.Message && activity.Value is not null);
        return isCardAction ? Find(activity.Value, culture, 0) : null;
    }

    private static DomainError? Find(JsonNode? node, CultureInfo culture, int depth)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return TextRule.CheckCard(value.GetValue<string>(), culture);
            case JsonObject obj when depth < MaxDepth:
                foreach (var (key, child) in obj)
                {
                    if ((TextRule.CheckCard(key, culture) ?? Find(child, culture, depth + 1)) is { } refused)
                    {
                        return refused;
                    }
                }
                return null;
            case JsonArray array when depth < MaxDepth:
                foreach (var child in array)
                {
                    if (Find(child, culture, depth + 1) is { } refused)
                    {
                        return refused;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
