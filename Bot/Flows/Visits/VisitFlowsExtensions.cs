using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Visits;

public static class VisitFlowsExtensions
{
    /// <summary>
    /// Guidance visits: the schedule, one visit's draw and findings; and its materials: the liaison's card, links and
    /// files per material, city staff's completeness and the visit date.
    /// </summary>
    public static IServiceCollection AddVisitFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotVerb<VisitScheduleHandler>(Verbs.ScheduleVisit);
        services.AddBotVerb<VisitScheduleHandler>(VisitVerbs.VisitSave);
        services.AddBotVerb<VisitHandler>(VisitVerbs.VisitOpen);
        services.AddBotVerb<VisitHandler>(VisitVerbs.VisitDraw);
        services.AddBotVerb<VisitHandler>(VisitVerbs.VisitFindings);
        services.AddBotVerb<FollowUpHandler>(VisitVerbs.FollowUpOpen);
        services.AddBotVerb<FollowUpHandler>(VisitVerbs.FollowUpSave);
        services.AddBotVerb<FollowUpHandler>(VisitVerbs.FollowUpPhotos);
        services.AddBotVerb<FollowUpHandler>(VisitVerbs.FollowUpPhotosDone);
        services.TryAddScoped<FollowUpPhotoUpload>();
        services.AddBotVerb<VisitHandler>(VisitVerbs.VisitMove);
        services.AddBotVerb<VisitHandler>(VisitVerbs.VisitCancel);

        services.TryAddScoped<MaterialsUpload>();
        services.TryAddScoped<MaterialsHandler>();
        services.AddBotVerb<MaterialsHandler>(MaterialsVerbs.Open);
        services.AddBotVerb<MaterialsHandler>(MaterialsVerbs.SaveLinks);
        services.AddBotVerb<MaterialsHandler>(MaterialsVerbs.Attach);
        services.AddBotVerb<CityMaterialsHandler>(MaterialsVerbs.Overview);
        services.AddBotVerb<CityMaterialsHandler>(MaterialsVerbs.CityVisit);
        services.AddBotVerb<CityMaterialsHandler>(MaterialsVerbs.SetDate);
        return services;
    }
}
