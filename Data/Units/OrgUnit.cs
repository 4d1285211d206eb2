namespace GuidanceBot.Data.Units;

public enum UnitLevel
{
    Province = 0,
    City = 1,
    County = 2,
}

/// <summary>
/// An emergency-management bureau. The city bureau guides the county-level bureaus whose
/// <see cref="ParentId"/> points at it; a province guiding cities fits the same tree.
/// </summary>
public class OrgUnit
{
    public int Id { get; set; }

    /// <summary>Stable key used by the seed file and integrations, e.g. <c>wuyang</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Short name used in letter numbers: (漯)应急指导〔2022〕3号.</summary>
    public required string ShortName { get; set; }

    public string? NameEn { get; set; }

    public UnitLevel Level { get; set; }

    public int? ParentId { get; set; }
    public OrgUnit? Parent { get; set; }
    public List<OrgUnit> Children { get; set; } = [];

    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}
