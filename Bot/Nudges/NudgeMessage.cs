using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Protocol;

namespace GuidanceBot.Bot.Nudges;

/// <summary>The proactive message that carries a nudge or a list: one Adaptive Card, with Teams' alert set.</summary>
public static class NudgeMessage
{
    public static Activity Create(JsonObject card, string summary, CultureInfo culture, bool alert = true)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Summary = summary,
            Locale = culture.Name,
            Attachments = [new Attachment { ContentType = Attachment.AdaptiveCardContentType, Content = card }],
        };
        if (alert)
        {
            // Shows in the user's activity feed, not only in the chat.
            activity.ChannelData = new JsonObject { ["notification"] = new JsonObject { ["alert"] = true } };
        }
        return activity;
    }
}
