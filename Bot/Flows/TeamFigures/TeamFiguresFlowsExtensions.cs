using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.TeamFigures;

public static class TeamFiguresFlowsExtensions
{
    /// <summary>The county's team figures, training sessions and monthly progress cards ("队伍" / "team").</summary>
    public static IServiceCollection AddTeamFiguresFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotCommand<TeamHomeHandler>(CommandHelp.Of(CommandUsers.County, "HelpTeam"), "队伍", "team");
        services.AddBotVerb<TeamHomeHandler>(TeamVerbs.Home);
        services.AddBotVerb<TeamFiguresFlow>(TeamVerbs.Figures);
        services.AddBotVerb<TrainingFlow>(TeamVerbs.Training);
        services.AddBotVerb<ProgressFlow>(TeamVerbs.Progress);
        return services;
    }
}
