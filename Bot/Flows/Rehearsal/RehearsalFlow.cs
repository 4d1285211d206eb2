using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rehearsal;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Bot.Flows.Rehearsal;

/// <summary>
/// 演练 / rehearsal: the city admin's card of the rehearsal clock — what it reads, and a step forward (some days, or to a
/// date) through <see cref="RehearsalWorkflow"/>. Anyone else is refused; with no rehearsal running it says so.
/// </summary>
public sealed class RehearsalFlow(RehearsalWorkflow rehearsal, TimeProvider time, FlowGuard guard) : ITurnHandler
{
    public const string Verb = "rehearsal.step";

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Person!.Role != PersonRole.CityAdmin)
        {
            return await guard.RefuseAsync(turn, Verb, Refusal.Role, ct);
        }
        var c = turn.Culture;
        if (rehearsal.Clock is null)
        {
            return await turn.RefuseAsync(409, "rehearsal.off", RehearsalText.Get("RehearsalOff", c), ct);
        }
        var input = CardInput.From(turn);
        if (input.Step != "step")
        {
            return await turn.ShowAsync(Card(c, CardErrors.None, null), RehearsalText.Get("RehearsalTitle", c), ct);
        }
        var result = await rehearsal.StepAsync(new RehearsalStep(input.Text(RehearsalWorkflow.DaysField), input.Text(RehearsalWorkflow.ToField)), turn.Actor(), ct);
        if (result.Status == WorkflowStatus.Forbidden)
        {
            return await guard.RefuseAsync(turn, Verb, Refusal.Role, ct);
        }
        return await turn.ShowAsync(result.Succeeded
            ? Card(c, CardErrors.None, RehearsalText.Format("RehearsalMoved", c, result.Detail))
            : Card(c, CardErrors.From(result.Errors), null), RehearsalText.Get("RehearsalTitle", c), ct);
    }

    private JsonObject Card(CultureInfo c, CardErrors errors, string? moved)
    {
        var now = ChinaTime.Local(time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var card = AdaptiveCardBuilder.Create(c).Title(RehearsalText.Get("RehearsalTitle", c));
        if (moved is not null)
        {
            card.Text(moved, color: TextColor.Good, bold: true);
        }
        if (errors.General is { } general)
        {
            card.Error(general);
        }
        return card
            .Text(RehearsalText.Format("RehearsalNow", c, now))
            .NumberInput(RehearsalWorkflow.DaysField, RehearsalText.Get("RehearsalDays", c), 1, min: 1, max: RehearsalWorkflow.MaxDays, error: errors[RehearsalWorkflow.DaysField])
            .DateInput(RehearsalWorkflow.ToField, RehearsalText.Get("RehearsalTo", c), error: errors[RehearsalWorkflow.ToField])
            .Execute(RehearsalText.Get("RehearsalAdvance", c), Verb, new JsonObject { ["step"] = "step" }, ActionStyle.Positive)
            .Build();
    }
}

public static class RehearsalFlowsExtensions
{
    /// <summary>The admin's rehearsal clock card: "演练" / "rehearsal" and its step.</summary>
    public static IServiceCollection AddRehearsalFlows(this IServiceCollection services)
    {
        services.TryAddScoped<FlowGuard>();
        services.AddBotCommand<RehearsalFlow>(CommandHelp.Of(CommandUsers.CityAdmin, "HelpRehearsal"), "演练", "rehearsal");
        services.AddBotVerb<RehearsalFlow>(RehearsalFlow.Verb);
        return services;
    }
}
