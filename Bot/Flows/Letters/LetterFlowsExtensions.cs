using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Letters;

public static class LetterFlowsExtensions
{
    /// <summary>The opinion letter (issue, receipt) and both sides of its rectification (the county's report, the city's review).</summary>
    public static IServiceCollection AddLetterFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotVerb<LetterIssueHandler>(Verbs.IssueLetter);
        services.AddBotVerb<LetterIssueHandler>(LetterVerbs.LetterIssueConfirm);
        services.AddBotVerb<LetterAcknowledgeHandler>(LetterVerbs.LetterAcknowledge);
        services.AddBotVerb<RectificationReviewHandler>(LetterVerbs.RectificationReview);
        services.AddBotVerb<RectificationReviewHandler>(LetterVerbs.RectificationReviewSave);
        services.AddBotVerb<RectificationFlow>(Verbs.FileRectification);
        services.AddBotVerb<CompletionHandler>(CompletionVerbs.Open);
        services.AddBotVerb<CompletionHandler>(CompletionVerbs.Report);
        services.AddBotVerb<CompletionHandler>(CompletionVerbs.Confirm);
        return services;
    }
}
