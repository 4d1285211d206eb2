using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Reviews;

public static class ReviewFlowsExtensions
{
    /// <summary>City staff's review of county filings: the queue, the review card (in groups and the personal chat), accept and return.</summary>
    public static IServiceCollection AddReviewFlows(this IServiceCollection services)
    {
        services.TryAddScoped<SubmissionReader>();
        services.TryAddScoped<FlowGuard>();
        services.AddBotVerb<ReviewQueueHandler>(Verbs.ReviewQueue);
        services.AddBotVerb<ReviewOpenHandler>(ReviewVerbs.ReviewOpen);
        services.AddBotVerb<ReviewOpenHandler>(ReviewVerbs.ReviewRefresh);
        services.AddBotVerb<ReviewPrivateHandler>(ReviewVerbs.ReviewPrivate);
        services.AddBotVerb<ReviewDecisionHandler>(ReviewVerbs.ReviewAccept);
        services.AddBotVerb<ReviewDecisionHandler>(ReviewVerbs.ReviewReturn);
        return services;
    }
}
