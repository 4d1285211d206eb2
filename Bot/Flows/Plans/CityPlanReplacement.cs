using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>
/// The replace offer confirmed (<see cref="DovetailingCards.ReplaceOffer"/>): the list the sender sent replaces the city plan's
/// (<see cref="CityPlanWorkflow.ConfirmReplacementAsync"/>, the same step as the API's PUT) and the answer is the dovetailing it
/// gives; the counties concerned are told in the step. City staff only; the list is the one waiting for the sender, whatever the
/// card says; a card older than the plan, or whose list is used or replaced, is stale and writes nothing.
/// </summary>
public sealed class CityPlanReplacement(CityPlanWorkflow cityPlans, Dovetailing dovetailing, FlowGuard guard) : ITurnHandler
{
    public const string Verb = "cityplan.replace";

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (await guard.CheckCityAsync(turn, Verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var input = CardInput.From(turn);
        var c = turn.Culture;
        var year = input.Int("year") ?? guard.CurrentYear;
        var result = await cityPlans.ConfirmReplacementAsync(year, input.Guid("draftId"), input.Guid("version"), Actor.From(turn.Person!, c), ct);
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, Verb, result, ct);
        }
        return AdaptiveCardInvokeResponse.Card(DovetailingCards.City(await dovetailing.LoadAsync(year, ct), c,
            PlanText.Format("CityPlanReplaced", c, year, result.Detail)));
    }
}
