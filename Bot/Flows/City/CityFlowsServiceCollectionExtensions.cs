using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Letters;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.City;

public static class CityFlowsServiceCollectionExtensions
{
    /// <summary>The city staff flows (status, overdue, review queue, guidance visits) and the opinion letter.</summary>
    public static IServiceCollection AddCityFlows(this IServiceCollection services)
    {
        services.TryAddScoped<SubmissionReader>();
        services.TryAddScoped<Common.FlowGuard>();

        services.AddBotCommand<StatusHandler>("进度", "status");
        services.AddBotVerb<StatusHandler>(Verbs.StatusOverview);
        services.AddBotCommand<OverdueHandler>("逾期", "overdue");
        services.AddBotVerb<OverdueHandler>(Verbs.Overdue);

        services.AddBotVerb<ReviewQueueHandler>(Verbs.ReviewQueue);
        services.AddBotVerb<ReviewOpenHandler>(CityVerbs.ReviewOpen);
        services.AddBotVerb<ReviewOpenHandler>(CityVerbs.ReviewRefresh);
        services.AddBotVerb<ReviewPrivateHandler>(CityVerbs.ReviewPrivate);
        services.AddBotVerb<ReviewDecisionHandler>(CityVerbs.ReviewAccept);
        services.AddBotVerb<ReviewDecisionHandler>(CityVerbs.ReviewReturn);

        services.AddBotVerb<VisitScheduleHandler>(Verbs.ScheduleVisit);
        services.AddBotVerb<VisitScheduleHandler>(CityVerbs.VisitSave);
        services.AddBotVerb<VisitHandler>(CityVerbs.VisitOpen);
        services.AddBotVerb<VisitHandler>(CityVerbs.VisitDraw);
        services.AddBotVerb<VisitHandler>(CityVerbs.VisitFindings);

        services.AddBotVerb<LetterIssueHandler>(Verbs.IssueLetter);
        services.AddBotVerb<LetterIssueHandler>(CityVerbs.LetterIssueConfirm);
        services.AddBotVerb<LetterAcknowledgeHandler>(CityVerbs.LetterAcknowledge);
        services.AddBotVerb<RectificationReviewHandler>(CityVerbs.RectificationReview);
        services.AddBotVerb<RectificationReviewHandler>(CityVerbs.RectificationReviewSave);
        return services;
    }
}
