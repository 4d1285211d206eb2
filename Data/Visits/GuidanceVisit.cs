using GuidanceBot.Data.Common;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.Visits;

public enum VisitStatus
{
    Planned = 0,
    Scheduled = 1,
    Done = 2,
    Cancelled = 3,
}

/// <summary>执法指导: the city's guidance visit to one unit.</summary>
public class GuidanceVisit : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public int Year { get; set; }

    /// <summary>1–12: the month the visit is planned in (one unit a month, all by 30 November).</summary>
    public int PlannedMonth { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public VisitStatus Status { get; set; }

    /// <summary>Why the city cancelled the visit (<see cref="VisitStatus.Cancelled"/>); a move's reason is in its audit entry.</summary>
    public string? CancelReason { get; set; }

    public List<VisitTeamMember> TeamMembers { get; set; } = [];
    public SpotCheckDraw? Draw { get; set; }
    public List<VisitFinding> Findings { get; set; } = [];

    /// <summary>The check template version the visit uses, kept when the year's template changes (null while its year has no setup).</summary>
    public int? CheckTemplateId { get; set; }
    public CheckTemplate? Template { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}

public class VisitTeamMember
{
    public int Id { get; set; }
    public int GuidanceVisitId { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public bool IsLead { get; set; }
}

/// <summary>
/// The random spot check of 1–2 planned enterprises. The seed and the ordered candidate ids are kept
/// so an auditor can replay the draw and get the same enterprises.
/// </summary>
public class SpotCheckDraw
{
    public int Id { get; set; }
    public int GuidanceVisitId { get; set; }
    public int Seed { get; set; }
    public int Count { get; set; }

    /// <summary>Candidate enterprise ids in ascending order, comma-separated, as they were at the draw.</summary>
    public required string CandidateIds { get; set; }
    public required string Algorithm { get; set; }
    public DateTime DrawnUtc { get; set; }
    public int DrawnById { get; set; }
    public List<SpotCheckedEnterprise> Enterprises { get; set; } = [];
}

public class SpotCheckedEnterprise
{
    public int Id { get; set; }
    public int SpotCheckDrawId { get; set; }
    public int EnterpriseId { get; set; }
    public Enterprise? Enterprise { get; set; }
    public int Order { get; set; }
}

public enum FindingOutcome
{
    NotChecked = 0,
    Compliant = 1,
    Problem = 2,
}

/// <summary>The finding on one check item of the year's template.</summary>
public class VisitFinding
{
    public int Id { get; set; }
    public int GuidanceVisitId { get; set; }
    public int CheckItemId { get; set; }
    public CheckItem? CheckItem { get; set; }
    public FindingOutcome Outcome { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedUtc { get; set; }
    public int RecordedById { get; set; }

    /// <summary>The follow-up record (全过程跟踪) the finding rests on, when it rests on one: the item of the spot check.</summary>
    public int? VisitFollowUpId { get; set; }
    public VisitFollowUp? FollowUp { get; set; }
}
