using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Conversations;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Bot.Flows.Calendars;
using GuidanceBot.Bot.Flows.Rehearsal;
using GuidanceBot.Bot.Flows.Cases;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Evidence;
using GuidanceBot.Bot.Flows.Letters;
using GuidanceBot.Bot.Flows.Onboarding;
using GuidanceBot.Bot.Flows.People;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Bot.Flows.Reviews;
using GuidanceBot.Bot.Flows.Status;
using GuidanceBot.Bot.Flows.TeamFigures;
using GuidanceBot.Bot.Flows.Visits;
using GuidanceBot.Bot.Flows.Years;
using GuidanceBot.Bot.Nudges;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>The named HttpClient that fetches OpenID metadata and signing keys.</summary>
    public const string MetadataHttpClientName = "GuidanceBot.BotMetadata";

    /// <summary>
    /// The bot: inbound authentication, the Connector client, the turn pipeline and the core handlers
    /// (welcome, menu, fallback). Flows add their own routes with <see cref="TurnRouteRegistration"/>.
    /// </summary>
    public static WebApplicationBuilder AddBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BotOptions>().Bind(builder.Configuration.GetSection(BotAuthenticationOptions.SectionName));

        services.AddHttpClient(MetadataHttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Cards.RehearsalBanner>();
        GuidanceBot.Data.Rehearsal.RehearsalClock.TryAddWallClock(services);
        services.AddSingleton<BotTokenValidator>();
        services.AddHostedService<LocalModeGuard>();
        services.AddHostedService<ProcessedActivityPruner>();

        services.AddConnectorClient(builder.Configuration);

        services.AddSingleton<BotLanguage>();
        services.AddOptions<PublicLinkOptions>().BindConfiguration(PublicLinkOptions.SectionName);
        services.AddSingleton<DocumentLinks>();
        services.AddSingleton<TurnRouter>();
        services.AddSingleton<ConversationRegistryCache>();
        services.AddSingleton<TurnWriteGate>();
        services.AddSingleton<ActivityClaims>();
        services.AddSingleton<KnownSenders>();
        services.AddSingleton<MenuCards>();
        services.AddScoped<ConversationRegistry>();
        services.AddScoped<ActivityDeduplicator>();
        services.AddScoped<BotTurnProcessor>();

        services.SetBotUnknownSender<WelcomeHandler>();
        services.SetBotFallback<FallbackHandler>();
        services.AddBotCommand<MenuHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpMenu"), "菜单", "menu");
        services.AddBotCommand<HelpHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpHelp"), "帮助", "help");
        services.AddBotVerb<HelpHandler>(Verbs.Help);
        services.AddBotVerb<MenuHandler>(Verbs.Menu);
        services.AddBotVerb<LanguageHandler>(Verbs.SetLanguage);
        services.AddBotCommand<LanguageHandler>(CommandHelp.Of(CommandUsers.Everyone, "HelpLanguage"), "语言", "language");
        services.AddBotVerb<UnknownVerbHandler>(UnknownVerbHandler.Key);
        services.AddBotActivity<InstallationHandler>(ActivityTypes.InstallationUpdate);
        services.TryAddScoped<WelcomeHandler>();
        services.AddFlowsCommon();
        services.AddNotices();
        services.AddOnboardingFlows();
        services.AddPeopleFlows();
        services.AddPlanFlows();
        services.AddStatusFlows();
        services.AddReviewFlows();
        services.AddVisitFlows();
        services.AddLetterFlows();
        services.AddEvidenceFlows();
        services.AddTeamFiguresFlows();
        services.AddCaseFlows();
        services.AddYearFlows();
        services.AddCalendarFlows();
        services.AddRehearsalFlows();
        services.AddNudgeFlows(builder.Configuration);
        return builder;
    }
}
