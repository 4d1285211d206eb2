using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.Rehearsal;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Cards;

/// <summary>
/// While the rehearsal clock runs, every card the bot shows starts with "演练时钟：2022-03-01 (rehearsal)", so nobody takes
/// a training card for a real one. Applied where cards leave the bot — the invoke answer (<c>BotTurnProcessor</c>) and every
/// activity sent to the Connector (<c>ConnectorClient</c>: replies, notices, nudges) — so no card builder has to remember it
/// and nothing stored carries it.
/// </summary>
public sealed class RehearsalBanner(TimeProvider time)
{
    public bool IsOn => time is RehearsalClock;

    /// <summary>The line, e.g. 演练时钟：2022-03-01 (rehearsal); null when no rehearsal runs.</summary>
    public string? Line => IsOn ? $"演练时钟：{time.ChinaToday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (rehearsal)" : null;

    /// <summary>A copy of the card with the line on top; the card itself when no rehearsal runs.</summary>
    public JsonObject Stamp(JsonObject card)
    {
        if (Line is not { } line || card["body"] is not JsonArray body
            || (body.Count > 0 && body[0]?["text"]?.GetValue<string>() is { } first && first.StartsWith("演练时钟：", StringComparison.Ordinal)))
        {
            return card; // off, or stamped already (an activity sent again)
        }
        var copy = card.DeepClone().AsObject();
        copy["body"]!.AsArray().Insert(0, new JsonObject
        {
            ["type"] = "TextBlock", ["text"] = line, ["wrap"] = true, ["weight"] = "Bolder", ["color"] = "Attention",
        });
        return copy;
    }

    /// <summary>The activity with each Adaptive Card attachment stamped (a copy of each; the activity's list is replaced).</summary>
    public void Stamp(Activity activity)
    {
        if (!IsOn || activity.Attachments is not { Count: > 0 } attachments)
        {
            return;
        }
        activity.Attachments = [.. attachments.Select(a => a.ContentType == Attachment.AdaptiveCardContentType && AsObject(a.Content) is { } card
            ? new Attachment { ContentType = a.ContentType, ContentUrl = a.ContentUrl, Name = a.Name, Content = Stamp(card) }
            : a)];
    }

    /// <summary>A card as an object: some are carried as a value holding one (a JsonElement, a JsonObject wrapped).</summary>
    private static JsonObject? AsObject(JsonNode? content) => content switch
    {
        JsonObject card => card,
        JsonValue value => JsonNode.Parse(value.ToJsonString()) as JsonObject,
        _ => null,
    };
}
