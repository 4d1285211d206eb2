using System.Globalization;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using Microsoft.EntityFrameworkCore;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.Onboarding;

/// <summary>
/// The welcome card's button: the invite code binds the sender's Teams identity (tenant + AAD object id,
/// taken from the activity) to a new person with the invite's unit, role and name. Unknown, used and
/// expired codes get their own answer and count as failures for <see cref="RedeemThrottle"/>.
/// </summary>
public sealed class InviteRedeemFlow(GuidanceDbContext db, RedeemThrottle throttle, TimeProvider time) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var c = turn.Culture;
        if (turn.Person is { } known)
        {
            return AdaptiveCardInvokeResponse.Card(MenuCard(known, OnboardingText.Get("AlreadyRegistered", c), c));
        }
        var tenant = turn.Activity.GetTenantId();
        var aad = turn.Activity.From?.AadObjectId;
        if (string.IsNullOrEmpty(tenant) || string.IsNullOrEmpty(aad))
        {
            return Welcome(c, OnboardingText.Get("NoIdentity", c), null);
        }
        var sender = RedeemThrottle.SenderKey(tenant, aad);
        var typed = CardInput.From(turn).Text("inviteCode");

        if (await throttle.LockedUntilAsync(sender, ct) is { } until)
        {
            return Welcome(c, OnboardingText.Format("Locked", c, ChinaTime(until, c)), typed);
        }
        if (typed is null)
        {
            return Welcome(c, OnboardingText.Get("CodeRequired", c), null);
        }

        var hash = InviteCodes.Hash(typed);
        var invite = await db.InviteCodes.AsNoTracking().Include(i => i.Unit).FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var failure = invite switch
        {
            null => "CodeUnknown",
            { RedeemedUtc: not null } => "CodeUsed",
            _ when invite.ExpiresUtc <= now => "CodeExpired",
            _ => null,
        };
        if (failure is null)
        {
            var person = await BindAsync(invite!, tenant, aad, turn.Activity.From?.Name, now, ct);
            if (person is not null)
            {
                person.Unit = invite!.Unit;
                return AdaptiveCardInvokeResponse.Card(MenuCard(person, OnboardingText.Format("Registered", c, person.Name), c));
            }
            failure = "CodeUsed"; // redeemed by someone else a moment ago
        }

        await throttle.RecordFailureAsync(sender, turn.Activity.From?.Name ?? "?", failure, ct);
        var message = OnboardingText.Get(failure, c);
        if (await throttle.LockedUntilAsync(sender, ct) is { } lockedNow)
        {
            message += " " + OnboardingText.Format("Locked", c, ChinaTime(lockedNow, c));
        }
        return Welcome(c, message, typed);
    }

    /// <summary>Claims the code with a conditional update, then creates the person, in one transaction.</summary>
    private async Task<Person?> BindAsync(InviteCode invite, string tenant, string aad, string? teamsName, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.InviteCodes.Where(i => i.Id == invite.Id && i.RedeemedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RedeemedUtc, now), ct);
        if (claimed == 0)
        {
            return null;
        }
        // Someone deactivated earlier comes back with the invite's unit and role (the identity is unique).
        var person = await db.People.FirstOrDefaultAsync(p => p.TenantId == tenant && p.AadObjectId == aad, ct);
        if (person is null)
        {
            person = new Person { Name = invite.InviteeName, TenantId = tenant, AadObjectId = aad };
            db.People.Add(person);
        }
        person.Name = invite.InviteeName;
        person.Role = invite.Role;
        person.UnitId = invite.UnitId;
        person.IsActive = true;
        person.UnreachableSinceUtc = null;
        await db.SaveChangesAsync(ct);
        await db.InviteCodes.Where(i => i.Id == invite.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.RedeemedByPersonId, person.Id), ct);
        db.AuditLog.Add(new AuditEntry
        {
            OccurredUtc = now, ActorPersonId = person.Id, ActorName = person.Name, Action = "invite.redeem",
            EntityType = nameof(InviteCode), EntityId = invite.Id.ToString(CultureInfo.InvariantCulture), UnitId = invite.UnitId,
            Details = $"{invite.Role}; Teams name {teamsName}",
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return person;
    }

    private static InvokeResponse Welcome(CultureInfo c, string error, string? typed) =>
        AdaptiveCardInvokeResponse.Card(BotCards.Welcome(c, error, typed));

    private static System.Text.Json.Nodes.JsonObject MenuCard(Person person, string note, CultureInfo c)
    {
        var unitName = c.Name == "en-US" ? person.Unit?.NameEn ?? person.Unit?.Name : person.Unit?.Name;
        return BotCards.Menu(person, unitName ?? "", c, note);
    }

    internal static string ChinaTime(DateTime utc, CultureInfo c) =>
        Data.Rules.ChinaTime.Local(utc).ToString("yyyy-MM-dd HH:mm", c);
}
