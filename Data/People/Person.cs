using GuidanceBot.Data.Common;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.People;

public enum PersonRole
{
    CityAdmin = 0,
    CityStaff = 1,
    CountyLiaison = 2,
    CountyResponsible = 3,
}

/// <summary>A user of the bot or the API, bound to one unit with one role.</summary>
public class Person : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public PersonRole Role { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public string? Phone { get; set; }

    /// <summary>Entra ID object id; with <see cref="TenantId"/> it identifies the Teams user.</summary>
    public string? AadObjectId { get; set; }
    public string? TenantId { get; set; }

    /// <summary>Language the person chose with a command ("zh-CN" / "en-US"); null follows the deployment.</summary>
    public string? PreferredLanguage { get; set; }

    /// <summary>Non-mandatory nudges are muted; deadline nudges are always sent.</summary>
    public bool MutedOptionalNudges { get; set; }

    /// <summary>Set when Teams answered 403/404 for the person's conversation.</summary>
    public DateTime? UnreachableSinceUtc { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }

    public bool IsCity => Role is PersonRole.CityAdmin or PersonRole.CityStaff;
}

/// <summary>
/// A one-time code that binds a Teams identity to a new person with a unit and role.
/// Only the SHA-256 of the code is stored.
/// </summary>
public class InviteCode
{
    public int Id { get; set; }
    public required string CodeHash { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public PersonRole Role { get; set; }
    public required string InviteeName { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public int CreatedById { get; set; }
    public DateTime CreatedUtc { get; set; }
    public int? RedeemedByPersonId { get; set; }
    public DateTime? RedeemedUtc { get; set; }
}
