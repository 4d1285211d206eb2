using GuidanceBot.Data.Common;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.Plans;

/// <summary>Draft → Submitted → Accepted, or → Returned (with a reason) → Resubmitted → …</summary>
public enum SubmissionStatus
{
    Draft = 0,
    Submitted = 1,
    Accepted = 2,
    Returned = 3,
    Resubmitted = 4,
}

/// <summary>
/// What a county files and the city reviews: the annual plan, its approval and filing, its publication.
/// Each has one row per unit and year; the review state is the same shape for all three.
/// </summary>
public abstract class ReviewableSubmission : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public int Year { get; set; }

    public SubmissionStatus Status { get; set; }
    public DateTime? FirstSubmittedUtc { get; set; }
    public DateTime? SubmittedUtc { get; set; }
    public int? SubmittedById { get; set; }
    public DateTime? ReviewedUtc { get; set; }
    public int? ReviewedById { get; set; }
    public string? ReturnReason { get; set; }
    public int ReturnCount { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}

/// <summary>年度监督检查计划 of one unit and year.</summary>
public class AnnualPlan : ReviewableSubmission
{
    /// <summary>Figures per category: the count form, or computed from the enterprise list.</summary>
    public List<PlanCategoryFigures> Categories { get; set; } = [];

    /// <summary>The enterprises in the plan, when the unit filed a list rather than counts.</summary>
    public List<PlanEntry> Entries { get; set; } = [];

    /// <summary>Why the plan is submitted although coverage is not met.</summary>
    public string? ShortfallExplanation { get; set; }
}

/// <summary>Counts of supervised and planned units in one category.</summary>
public class PlanCategoryFigures
{
    public int Id { get; set; }
    public int AnnualPlanId { get; set; }
    public required string CategoryCode { get; set; }
    public int KeyTotal { get; set; }
    public int KeyPlanned { get; set; }
    public int GeneralTotal { get; set; }
    public int GeneralPlanned { get; set; }
}

/// <summary>One supervised enterprise in a plan; <see cref="Planned"/> says whether it is inspected this year.</summary>
public class PlanEntry
{
    public int Id { get; set; }
    public int AnnualPlanId { get; set; }
    public int EnterpriseId { get; set; }
    public Enterprises.Enterprise? Enterprise { get; set; }
    public bool Planned { get; set; }
}

public enum ApprovalKind
{
    /// <summary>政府批复</summary>
    GovernmentReply = 0,
    /// <summary>领导批示</summary>
    LeaderEndorsement = 1,
}

/// <summary>审批报备: the government's approval of the plan and its filing with the city bureau.</summary>
public class PlanApproval : ReviewableSubmission
{
    public ApprovalKind ApprovalKind { get; set; }
    public string? ApprovalDocumentNumber { get; set; }
    public DateOnly? ApprovalDate { get; set; }
    public Guid? ApprovalAttachmentId { get; set; }

    public DateOnly? FilingDate { get; set; }
    public string? FilingDocumentNumber { get; set; }
    public Guid? FilingAttachmentId { get; set; }
}

/// <summary>公示: the plan and the 双随机 plan on the bureau's website.</summary>
public class PlanPublication : ReviewableSubmission
{
    public string? PlanUrl { get; set; }
    public string? DoubleRandomPlanUrl { get; set; }
    public DateOnly? PublishedOn { get; set; }
}
