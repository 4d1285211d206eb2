using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;

namespace GuidanceBot.Data.Status;

// The facts of a unit's year, as the API's status endpoints and the bot's status card show them.
// Records only: the query fills them, the callers render them.

/// <summary>The year overview: one row per county-level unit, in the units' order.</summary>
public sealed record YearOverview(int Year, DateOnly Today, IReadOnlyList<UnitYearStatus> Units);

/// <summary>Where one unit stands in one year.</summary>
public sealed record UnitYearStatus(
    int UnitId,
    string UnitCode,
    string UnitName,
    string? UnitNameEn,
    FilingStatus Plan,
    bool? CoverageMet,
    FilingStatus Approval,
    FilingStatus Publication,
    VisitStatusSummary Visit,
    LetterStatusSummary? Letter,
    RectificationStatusSummary Rectification,
    TypicalCaseCounts TypicalCases)
{
    /// <summary>Plan submitted (or accepted) and its coverage met (the rule's <see cref="Rules.Coverage"/>).</summary>
    public bool PlanReady => Plan.IsSubmitted && CoverageMet == true;
}

/// <summary>One of the county's filings (plan, approval and filing, publication); <see cref="Id"/> null when none exists.</summary>
public sealed record FilingStatus(int? Id, SubmissionStatus? Status, DateTime? SubmittedUtc, int ReturnCount)
{
    public static readonly FilingStatus None = new(null, null, null, 0);

    public bool IsSubmitted => Status is SubmissionStatus.Submitted or SubmissionStatus.Resubmitted or SubmissionStatus.Accepted;
    public bool IsAccepted => Status == SubmissionStatus.Accepted;
}

/// <summary>The year's guidance visit (the latest one not cancelled).</summary>
public sealed record VisitStatusSummary(int? Id, VisitStatus? Status, int? PlannedMonth, DateOnly? StartDate)
{
    public static readonly VisitStatusSummary None = new(null, null, null, null);

    public bool IsPlanned => Status is VisitStatus.Planned or VisitStatus.Scheduled or VisitStatus.Done;
    public bool IsDone => Status == VisitStatus.Done;
}

/// <summary>The unit's latest issued opinion letter of the year.</summary>
public sealed record LetterStatusSummary(int Id, string? Number, LetterStatus Status, DateOnly? IssuedOn, DateOnly ReportDeadline);

/// <summary>The rectification report answering <see cref="LetterStatusSummary"/>.</summary>
public sealed record RectificationStatusSummary(DateOnly? DueDate, ReportStatus? ReportStatus, bool IsLate, bool IsOverdue)
{
    public static readonly RectificationStatusSummary None = new(null, null, false, false);

    public bool IsAccepted => ReportStatus == Rectification.ReportStatus.Accepted;
}

public sealed record TypicalCaseCounts(int Reported, int Qualified)
{
    public static readonly TypicalCaseCounts None = new(0, 0);
}

/// <summary>A unit's year in detail: the summary row plus what each part is made of.</summary>
public sealed record UnitYearDetail(
    int Year,
    DateOnly Today,
    UnitYearStatus Summary,
    string? PlanReturnReason,
    IReadOnlyList<CoverageLine> Coverage,
    string? ApprovalReturnReason,
    string? PublicationReturnReason,
    string? PlanUrl,
    string? DoubleRandomPlanUrl,
    IReadOnlyList<VisitDetail> Visits,
    IReadOnlyList<LetterDetail> Letters,
    AssignmentCounts Assignments,
    IReadOnlyList<TypicalCaseLine> Cases);

public sealed record VisitDetail(
    int Id, VisitStatus Status, int PlannedMonth, DateOnly? StartDate, DateOnly? EndDate,
    IReadOnlyList<string> SpotCheckedEnterprises, int ProblemFindings, int CompliantFindings, Visits.MaterialsProgress? Materials = null);

public sealed record LetterDetail(
    int Id, string? Number, LetterStatus Status, DateOnly VisitDate, DateOnly? IssuedOn, DateOnly ReportDeadline,
    int Problems, ReportStatus? ReportStatus, bool ReportLate, int ItemsAccepted, int ItemsReturned);

public sealed record AssignmentCounts(int Open, int Overdue, int Closed);

public sealed record TypicalCaseLine(int Id, string Title, string CaseNumber, DateOnly ReportedOn, CaseQualification Qualification);
