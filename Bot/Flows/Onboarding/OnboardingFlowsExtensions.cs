using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Onboarding;

public static class OnboardingFlowsExtensions
{
    /// <summary>Invite codes: city staff create them, an unknown sender redeems one from the welcome card.</summary>
    public static IServiceCollection AddOnboardingFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotVerb<InviteCreateFlow>(Verbs.Invite);
        services.AddBotVerb<InviteRedeemFlow>(Verbs.RedeemInvite, allowUnknownSender: true);
        return services;
    }
}
