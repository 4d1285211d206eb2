using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Plans;

public static class PlansFlowsExtensions
{
    /// <summary>The county's filings: the plan (by counts or as an enterprise list sent in the chat), approval and filing, publication.</summary>
    public static IServiceCollection AddPlanFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotVerb<PlanFlow>(Verbs.FilePlan);
        services.AddBotVerb<ApprovalFlow>(Verbs.FileApproval);
        services.AddBotVerb<PublicationFlow>(Verbs.FilePublication);

        // A spreadsheet sent in the chat is the plan as an enterprise list; other messages keep the usual hint.
        services.TryAddScoped<PlanListUpload>();
        services.AddBotVerb<ApprovalAttachments>(ApprovalAttachments.Verb);
        // City staff: the city plan's list replaced by the one they sent, once they confirm the offer.
        services.AddBotVerb<CityPlanReplacement>(CityPlanReplacement.Verb);
        services.SetBotFallback<CountyMessageFallback>();
        return services;
    }
}
