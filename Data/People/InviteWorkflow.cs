using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.People;

/// <summary>What an inviter asks for. Fields are as the client sent them; the workflow checks them.</summary>
public sealed record InviteRequest(int? UnitId, PersonRole? Role, string? InviteeName, int? ValidDays);

/// <summary>
/// Who redeems a code, from the Teams activity (never from card data): tenant and AAD object id identify
/// the person; the channel and Teams user id find the conversations they were already seen in.
/// </summary>
public sealed record TeamsIdentity(string? TenantId, string? AadObjectId, string? ChannelId = null, string? UserId = null, string? DisplayName = null);

/// <summary>
/// People and invites, for both doors (the API's <c>POST /invite-codes</c> and the chat's invite card and
/// welcome card). Create: the city admin invites anyone, city staff county users only; city roles belong
/// to the city bureau, county roles to a county bureau; the code is valid 1–<see cref="InviteLimits.MaxValidDays"/> days.
/// Redeem: the code (as <see cref="InviteCodes"/> defines it) binds the sender's Teams identity to a new
/// person — or brings back a deactivated one — with the invite's unit, role and name, links the
/// conversations the bot already has with that identity (the one saved when the app was installed), and
/// counts wrong codes toward a lock-out per sender.
/// </summary>
public sealed class InviteWorkflow(GuidanceDbContext db, TimeProvider time)
{
    private const int NameMax = InviteLimits.NameMax, DefaultValidDays = InviteLimits.DefaultValidDays, MaxValidDays = InviteLimits.MaxValidDays;
    public const string CreateAction = "invite.create";
    public const string RedeemAction = "invite.redeem";

    private static readonly PersonRole[] CountyRoles = [PersonRole.CountyLiaison, PersonRole.CountyResponsible];

    private readonly RedeemThrottle throttle = new(db, time);

    /// <summary>The roles <paramref name="actor"/> may invite: the admin any, city staff county roles, counties none.</summary>
    public static IReadOnlyList<PersonRole> RolesFor(Actor actor) => actor.Role switch
    {
        PersonRole.CityAdmin => Enum.GetValues<PersonRole>(),
        PersonRole.CityStaff => CountyRoles,
        _ => [],
    };

    /// <summary>Whether <paramref name="actor"/> may invite someone into a unit of <paramref name="level"/>.</summary>
    public static bool MayInviteInto(Actor actor, UnitLevel level) =>
        actor.Role == PersonRole.CityAdmin || (actor.Role == PersonRole.CityStaff && level == UnitLevel.County);

    /// <summary>
    /// Creates an invite: <see cref="WorkflowResult.Id"/> is the invite's id and <see cref="WorkflowResult.Detail"/> the
    /// only copy of the code (shown once, never stored); a refusal names every field refused.
    /// </summary>
    public async Task<WorkflowResult> CreateAsync(InviteRequest request, Actor actor, CancellationToken ct = default)
    {
        var culture = actor.Language;
        if (!actor.IsCity)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.city_only", culture));
        }

        var unit = request.UnitId is { } unitId ? await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId && u.IsActive, ct) : null;
        if ((unit is not null && !MayInviteInto(actor, unit.Level)) || (request.Role is { } asked && !RolesFor(actor).Contains(asked)))
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.invite_county_only", culture));
        }

        var errors = new List<DomainError>();
        if (unit is null)
        {
            errors.Add(DomainError.Create("invite.unit_required", culture, "unit"));
        }
        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            errors.Add(DomainError.Create("invite.role_required", culture, "role"));
            role = default;
        }
        else if (unit is not null && (unit.Level == UnitLevel.County) != CountyRoles.Contains(role))
        {
            errors.Add(DomainError.Create("invite.role_unit", culture, "role"));
        }
        var name = request.InviteeName?.Trim();
        if (TextRule.IsBlank(name))
        {
            errors.Add(DomainError.Create("invite.name_required", culture, "inviteeName"));
        }
        else if (TextRule.Check(name, culture, TextKind.Line, field: "inviteeName") is { } refused)
        {
            errors.Add(refused);
        }
        else if (name!.Length > NameMax)
        {
            errors.Add(DomainError.Create("invite.name_too_long", culture, "inviteeName", NameMax));
        }
        var days = request.ValidDays ?? DefaultValidDays;
        if (days is < 1 or > MaxValidDays)
        {
            errors.Add(DomainError.Create("invite.days", culture, "validDays", MaxValidDays));
        }
        if (errors.Count > 0)
        {
            return WorkflowResult.Refused(errors);
        }

        var code = InviteCodes.Generate();
        var now = time.GetUtcNow().UtcDateTime;
        var invite = new InviteCode
        {
            CodeHash = InviteCodes.Hash(code)!, UnitId = unit!.Id, Role = role, InviteeName = name!,
            ExpiresUtc = now.AddDays(days), CreatedById = actor.PersonId ?? 0, CreatedUtc = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.InviteCodes.Add(invite);
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(AuditEntries.For(actor, CreateAction, nameof(InviteCode), invite.Id, invite.UnitId, now, details: $"{role}; {name}; expires {invite.ExpiresUtc:O}"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return WorkflowResult.Done(null, code, invite.Id);
    }

    /// <summary>
    /// Redeems what the sender typed: <see cref="WorkflowResult.Id"/> is the person registered; a refusal holds the
    /// reason, then the lock-out if it began. A sender locked out is refused without the try being counted;
    /// an unknown, used or expired code counts toward the lock-out.
    /// </summary>
    public async Task<WorkflowResult> RedeemAsync(string? typed, TeamsIdentity who, CultureInfo culture, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(who.TenantId) || string.IsNullOrEmpty(who.AadObjectId))
        {
            return WorkflowResult.Refused(DomainError.Create("invite.no_identity", culture, "inviteCode"));
        }
        var sender = RedeemThrottle.SenderKey(who.TenantId, who.AadObjectId);
        if (await throttle.LockedUntilAsync(sender, ct) is { } until)
        {
            return WorkflowResult.Refused(Locked(until, culture));
        }
        if (string.IsNullOrWhiteSpace(typed))
        {
            return WorkflowResult.Refused(DomainError.Create("invite.code_required", culture, "inviteCode"));
        }

        var hash = InviteCodes.Hash(typed);
        var invite = hash is null ? null : await db.InviteCodes.AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var failure = invite switch
        {
            null => "invite.code_unknown",
            { RedeemedUtc: not null } => "invite.code_used",
            _ when invite.ExpiresUtc <= now => "invite.code_expired",
            _ => null,
        };
        if (failure is null)
        {
            if (await BindAsync(invite!, who, now, ct) is { } personId)
            {
                return WorkflowResult.Done(null, id: personId);
            }
            failure = "invite.code_used"; // redeemed by someone else a moment ago
        }

        await throttle.RecordFailureAsync(sender, who.DisplayName ?? "?", failure, ct);
        List<DomainError> errors = [DomainError.Create(failure, culture, "inviteCode")];
        if (await throttle.LockedUntilAsync(sender, ct) is { } lockedNow)
        {
            errors.Add(Locked(lockedNow, culture));
        }
        return WorkflowResult.Refused(errors);
    }

    private static DomainError Locked(DateTime untilUtc, CultureInfo culture) =>
        DomainError.Create("invite.locked", culture, "inviteCode", ChinaTime.Local(untilUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    /// <summary>
    /// Claims the code with a conditional update, creates (or brings back) the person and links the
    /// conversations already seen with their identity, in one transaction: the person's id, or null when the code was taken.
    /// </summary>
    private async Task<int?> BindAsync(InviteCode invite, TeamsIdentity who, DateTime now, CancellationToken ct)
    {
        var (tenant, aad) = (who.TenantId!, who.AadObjectId!);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
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
            await LinkConversationsAsync(person.Id, who, ct);
            db.AuditLog.Add(AuditEntries.For(Actor.From(person), RedeemAction, nameof(InviteCode), invite.Id, invite.UnitId, now, details: $"{invite.Role}; Teams name {who.DisplayName}"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return person.Id;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The conversations stored before the person existed — the one saved when the app was installed,
    /// the welcome card's, a group chat's — carry no person yet: without this link nothing proactive
    /// reaches someone who registers and types nothing more, and group cards do not refresh for them.
    /// Matched by the AAD object id in the tenant, or where a row has none, by the Teams user id.
    /// </summary>
    private Task<int> LinkConversationsAsync(int personId, TeamsIdentity who, CancellationToken ct)
    {
        var (tenant, aad, channel, user) = (who.TenantId, who.AadObjectId, who.ChannelId, who.UserId);
        return db.ConversationReferences
            .Where(r => r.PersonId == null || r.PersonId != personId)
            .Where(r => (r.AadObjectId == aad && (r.TenantId == null || r.TenantId == tenant))
                || (r.AadObjectId == null && user != null && r.UserId == user && r.ChannelId == channel && (r.TenantId == null || r.TenantId == tenant)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PersonId, personId), ct);
    }

}
