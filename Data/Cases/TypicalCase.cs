using GuidanceBot.Data.Common;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.Cases;

public enum CaseQualification
{
    Pending = 0,
    Qualified = 1,
    NotQualified = 2,
}

/// <summary>典型案例报送: a case the unit reported upstream, judged by the city against the plan's criteria.</summary>
public class TypicalCase : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    public required string CaseNumber { get; set; }
    public DateOnly ReportedOn { get; set; }
    public required string EnforcementType { get; set; }
    public int ReportedById { get; set; }

    public CaseQualification Qualification { get; set; }

    /// <summary>The plan's criteria: 程序规范、内容精准、证据确凿、法律适用准确、卷宗完整.</summary>
    public bool? ProcedureSound { get; set; }
    public bool? ContentAccurate { get; set; }
    public bool? EvidenceConclusive { get; set; }
    public bool? LawCorrectlyApplied { get; set; }
    public bool? FileComplete { get; set; }
    public string? QualificationReason { get; set; }
    public int? JudgedById { get; set; }
    public DateTime? JudgedUtc { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}
