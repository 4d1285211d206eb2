using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Resources;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Onboarding;

/// <summary>
/// City staff invite county users, the city admin anyone: unit, role, invitee's name and how many days the
/// code is valid (<see cref="InviteWorkflow"/> decides, as for the API). The code is sent once as a chat
/// message; the card becomes a receipt without it, so the code never sits in the stored invoke answer
/// (Teams' retries get that receipt), and only its SHA-256 is kept.
/// </summary>
public sealed class InviteCreateFlow(GuidanceDbContext db, InviteWorkflow invites, FlowGuard guard) : ITurnHandler
{
    private const string Verb = Verbs.Invite;

    /// <summary>The workflow's field names → this card's values (the card's input ids are in <see cref="OnboardingCards"/>).</summary>
    private static readonly Dictionary<string, string> Fields = new()
    {
        [InviteFields.Unit] = "unitId", [InviteFields.Role] = "role", [InviteFields.InviteeName] = "name", [InviteFields.ValidDays] = "days",
    };

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        var person = turn.Person!;
        var actor = turn.Actor();
        if (!person.IsCity)
        {
            return await guard.RefuseAsync(turn, Verb, Refusal.Role, ct);
        }
        var c = turn.Culture;
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.SortOrder).ToListAsync(ct);
        var roles = InviteWorkflow.RolesFor(actor);
        var allowedUnits = units.Where(u => InviteWorkflow.MayInviteInto(actor, u.Level)).ToList();

        var values = new Dictionary<string, string?>
        {
            ["unitId"] = input.Text(OnboardingCards.UnitInput),
            ["role"] = input.Text(OnboardingCards.RoleInput),
            ["name"] = input.Text(OnboardingCards.NameInput),
            ["days"] = input.Text(OnboardingCards.DaysInput),
        };
        if (input.Step != "create")
        {
            return AdaptiveCardInvokeResponse.Card(OnboardingCards.InviteForm(c, allowedUnits, roles, values, new Dictionary<string, string>()));
        }

        // Only what the card offered parses; anything else is left for the workflow to refuse.
        var role = Enum.TryParse<PersonRole>(values["role"], out var r) && Enum.IsDefined(r) && !int.TryParse(values["role"], out _) ? r : (PersonRole?)null;
        var unitId = int.TryParse(values["unitId"], CultureInfo.InvariantCulture, out var uid) ? uid : (int?)null;
        var errors = new Dictionary<string, string>();
        int? days = null;
        if (values["days"] is { } d)
        {
            if (int.TryParse(d, CultureInfo.InvariantCulture, out var n)) days = n;
            else errors["days"] = DomainError.Create("invite.days", c, InviteFields.ValidDays, InviteLimits.MaxValidDays).Message;
        }
        var outcome = errors.Count > 0 ? null : await invites.CreateAsync(new InviteRequest(unitId, role, values["name"], days), actor, ct);
        if (outcome is { Status: WorkflowStatus.Forbidden })
        {
            // A unit or role the card did not offer can only come from an edited card.
            return await guard.RefuseAsync(turn, Verb, Refusal.Role, ct);
        }
        if (outcome is not { Succeeded: true, Id: { } inviteId, Detail: { } code })
        {
            foreach (var e in outcome?.Errors ?? [])
            {
                errors.TryAdd(e.Field is { } f && Fields.TryGetValue(f, out var id) ? id : "name", e.Message);
            }
            return AdaptiveCardInvokeResponse.Card(OnboardingCards.InviteForm(c, allowedUnits, roles, values, errors));
        }

        var invite = await db.InviteCodes.AsNoTracking().Include(i => i.Unit).FirstAsync(i => i.Id == inviteId, ct);
        var unitName = OnboardingCards.UnitName(invite.Unit!, c);
        var roleName = BotText.Get("Role" + invite.Role, c);
        var expires = InviteRedeemFlow.ChinaTime(invite.ExpiresUtc, c);
        await turn.ReplyAsync(OnboardingText.Format("CodeMessage", c, code, invite.InviteeName, unitName, roleName, expires), ct);
        return AdaptiveCardInvokeResponse.Card(OnboardingCards.InviteReceipt(invite.InviteeName, unitName, roleName, expires, c));
    }
}
