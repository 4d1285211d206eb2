using GuidanceBot.Bot.Flows.Tracking;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Nudges;

public static class NudgesServiceCollectionExtensions
{
    /// <summary>The nudge planner and the weekly/monthly publisher (section <c>Nudges</c>); the jobs call them.</summary>
    public static IServiceCollection AddNudges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NudgeOptions>().Bind(configuration.GetSection(NudgeOptions.SectionName));
        services.TryAddSingleton<BotLanguage>();
        services.TryAddScoped<NudgePlanner>();
        services.TryAddScoped<TrackingPublisher>();
        return services;
    }

    /// <summary>The nudges plus their chat commands: mute, the weekly list and the monthly review.</summary>
    public static IServiceCollection AddNudgeFlows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNudges(configuration);
        services.AddBotCommand<MuteHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpMute"), "免打扰", "mute");
        services.AddBotCommand<WeeklyHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpWeekly"), "本周交办", "weekly");
        services.AddBotVerb<WeeklyHandler>(TrackingVerbs.WeeklyPage);
        services.AddBotCommand<MonthlyHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpMonthly"), "本月讲评", "monthly");
        return services;
    }
}
