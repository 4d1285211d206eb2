using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Evidence;

public static class EvidenceFlowsExtensions
{
    /// <summary>Files sent in the chat as evidence: a county's rectification evidence, city staff's team documents and images of a visit.</summary>
    public static IServiceCollection AddEvidenceFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.TryAddScoped<EvidenceUpload>();
        services.AddBotVerb<EvidenceAttachHandler>(EvidenceVerbs.AttachToReport);
        services.AddBotVerb<EvidenceAttachHandler>(EvidenceVerbs.AttachToVisit);
        return services;
    }
}
