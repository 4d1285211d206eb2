using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.People;

namespace GuidanceBot.Bot.Delivery;

/// <summary>The message to city staff that someone cannot be reached in Teams, in the staff member's language.</summary>
public static class UnreachableNotice
{
    public const string Kind = "unreachable-notice";

    public static Activity For(Person recipient, Person unreachable, string? errorCode)
    {
        var english = string.Equals(recipient.PreferredLanguage, "en-US", StringComparison.OrdinalIgnoreCase);
        var unit = english ? unreachable.Unit?.NameEn ?? unreachable.Unit?.Name : unreachable.Unit?.Name;
        var reason = Reason(errorCode, english);
        var phone = unreachable.Phone is { Length: > 0 } p ? (english ? $" Phone: {p}." : $"联系电话：{p}。") : "";
        var text = english
            ? $"{unreachable.Name} ({unit}) cannot be reached in Teams: {reason}. Reminders to them are not being delivered; please contact them another way.{phone}"
            : $"无法通过 Teams 联系到{unreachable.Name}（{unit}）：{reason}。发给该人员的提醒无法送达，请通过其他方式联系。{phone}";
        return new Activity { Type = ActivityTypes.Message, Text = text, Locale = english ? "en-US" : "zh-CN" };
    }

    private static string Reason(string? code, bool english) => (code, english) switch
    {
        ("NeverInstalled", false) => "该人员尚未在 Teams 中安装本应用",
        ("NeverInstalled", true) => "they have never installed the app",
        ("ConversationBlockedByUser", false) => "该人员已屏蔽本应用",
        ("ConversationBlockedByUser", true) => "they blocked the app",
        ("BotNotInConversationRoster", false) => "该人员已卸载本应用",
        ("BotNotInConversationRoster", true) => "they uninstalled the app",
        ("BotDisabledByAdmin", false) => "管理员已禁用本应用",
        ("BotDisabledByAdmin", true) => "an administrator disabled the app",
        (_, false) => $"Teams 拒绝投递（{code ?? "未知"}）",
        (_, true) => $"Teams refused the delivery ({code ?? "unknown"})",
    };
}
