using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.County;

public static class CountyFlowsExtensions
{
    /// <summary>The county liaison's flows: plan, approval and filing, publication, rectification report, my tasks.</summary>
    public static IServiceCollection AddCountyFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotVerb<PlanFlow>(Verbs.FilePlan);
        services.AddBotVerb<ApprovalFlow>(Verbs.FileApproval);
        services.AddBotVerb<PublicationFlow>(Verbs.FilePublication);
        services.AddBotVerb<RectificationFlow>(Verbs.FileRectification);
        services.AddBotVerb<DeadlinesFlow>(Verbs.MyDeadlines);

        // A spreadsheet sent in the chat is the plan as an enterprise list; other messages keep the usual hint.
        services.AddHttpClient(SentFileDownloader.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddScoped<SentFileDownloader>();
        services.TryAddScoped<PlanListUpload>();
        services.AddBotVerb<ApprovalAttachments>(ApprovalAttachments.Verb);
        services.SetBotFallback<CountyMessageFallback>();
        return services;
    }
}
