using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Years;

public static class YearFlowsExtensions
{
    /// <summary>The year setup in chat: the commands "open 2027" / "开启2027年度" and "year 2027" / "年度2027", and the cards' verbs.</summary>
    public static IServiceCollection AddYearFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotCommand<YearFlow>(CommandHelp.Of(CommandUsers.CityAdmin, "HelpOpenYear"), "开启", "open");
        services.AddBotCommand<YearFlow>(CommandHelp.Of(CommandUsers.CityAdmin, "HelpYear"), "年度", "year");
        foreach (var verb in YearVerbs.All)
        {
            services.AddBotVerb<YearFlow>(verb);
        }
        return services;
    }
}
