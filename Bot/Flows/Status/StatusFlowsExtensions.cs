using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Status;

public static class StatusFlowsExtensions
{
    /// <summary>Read-only cards: the city's status overview and overdue list, the county's deadlines ("my tasks").</summary>
    public static IServiceCollection AddStatusFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotCommand<StatusHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpStatus"), "进度", "status");
        services.AddBotVerb<StatusHandler>(Verbs.StatusOverview);
        services.AddBotCommand<OverdueHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpOverdue"), "逾期", "overdue");
        services.AddBotVerb<OverdueHandler>(Verbs.Overdue);
        services.AddBotVerb<DeadlinesFlow>(Verbs.MyDeadlines);
        return services;
    }
}
