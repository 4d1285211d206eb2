using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Calendars;

public static class CalendarFlowsExtensions
{
    /// <summary>The city admin's calendar card: "日历 2027" / "calendar 2027" and its save.</summary>
    public static IServiceCollection AddCalendarFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotCommand<CalendarFlow>(CommandHelp.Of(CommandUsers.CityAdmin, "HelpCalendar"), "日历", "calendar");
        services.AddBotVerb<CalendarFlow>(CalendarCards.Verb);
        return services;
    }
}
