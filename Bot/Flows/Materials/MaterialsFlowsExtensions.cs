using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Materials;

public static class MaterialsFlowsExtensions
{
    /// <summary>Visit materials: the liaison's card, links and files per material; city staff's completeness and the visit date.</summary>
    public static IServiceCollection AddMaterialsFlows(this IServiceCollection services)
    {
        services.TryAddScoped<MaterialsRequests>();
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
