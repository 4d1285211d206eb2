using GuidanceBot.Data.Common;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.Enterprises;

/// <summary>Supervision category; seeded with 非煤矿山 / 危险化学品 / 工贸 and extensible as data.</summary>
public class EnterpriseCategory
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public int SortOrder { get; set; }
}

public static class EnterpriseCategoryCodes
{
    public const string NonCoalMine = "non-coal-mine";
    public const string HazardousChemicals = "hazardous-chemicals";
    public const string IndustryTrade = "industry-trade";
}

/// <summary>重点 / 一般 production and business unit.</summary>
public enum EnterpriseTier
{
    Key = 0,
    General = 1,
}

public class Enterprise : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public required string Name { get; set; }

    /// <summary>统一社会信用代码, 18 characters, validated by <see cref="Rules.CreditCode"/>.</summary>
    public required string CreditCode { get; set; }
    public required string CategoryCode { get; set; }
    public EnterpriseCategory? Category { get; set; }
    public EnterpriseTier Tier { get; set; }
    public bool IsActive { get; set; } = true;

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}
