using System.Globalization;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Onboarding;

/// <summary>
/// The welcome card's button: <see cref="InviteWorkflow.RedeemAsync"/> binds the sender's Teams identity
/// (tenant + AAD object id, taken from the activity, never from the card) to a new person with the
/// invite's unit, role and name. Refusals (unknown, used, expired codes, the lock-out) come back on the
/// welcome card under the code.
/// </summary>
public sealed class InviteRedeemFlow(GuidanceDbContext db, InviteWorkflow invites) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var c = turn.Culture;
        if (turn.Person is { } known)
        {
            return AdaptiveCardInvokeResponse.Card(MenuCard(known, OnboardingText.Get("AlreadyRegistered", c), c));
        }
        var from = turn.Activity.From;
        var who = new TeamsIdentity(turn.Activity.GetTenantId(), from?.AadObjectId, turn.Activity.ChannelId, from?.Id, from?.Name);
        var typed = CardInput.From(turn).Text("inviteCode");

        var outcome = await invites.RedeemAsync(typed, who, c, ct);
        if (outcome is { Succeeded: true, Id: { } personId })
        {
            var person = await db.People.AsNoTracking().Include(p => p.Unit).FirstAsync(p => p.Id == personId, ct);
            return AdaptiveCardInvokeResponse.Card(MenuCard(person, OnboardingText.Format("Registered", c, person.Name), c));
        }
        return AdaptiveCardInvokeResponse.Card(BotCards.Welcome(c, outcome.Message(c), typed));
    }

    private static System.Text.Json.Nodes.JsonObject MenuCard(Person person, string note, CultureInfo c)
    {
        var unitName = c.Name == "en-US" ? person.Unit?.NameEn ?? person.Unit?.Name : person.Unit?.Name;
        return BotCards.Menu(person, unitName ?? "", c, note);
    }

    internal static string ChinaTime(DateTime utc, CultureInfo c) =>
        Data.Rules.ChinaTime.Local(utc).ToString("yyyy-MM-dd HH:mm", c);
}
