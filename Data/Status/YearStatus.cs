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
/// <param name="Dovetailing">市县两级计划衔接: the city's plan against each county's (a county sees its own line only).</param>
public sealed record YearOverview(int Year, DateOnly Today, IReadOnlyList<UnitYearStatus> Units, Plans.DovetailView? Dovetailing = null)
{
    /// <summary>The rectification items (周交办 list items) of the rows' units by state at the end of each week of the year, up to today.</summary>
    public IReadOnlyList<WeekItemCounts> ItemsByWeek { get; init; } = [];

    /// <summary>The risks of the year's visits (city staff's, as on their status card); null for a unit's own people.</summary>
    public IReadOnlyList<Visits.VisitRiskLine>? VisitRisks { get; init; }
}

/// <summary>Items assigned by the end of the week (Sunday) starting <see cref="WeekStart"/>: open, overdue and closed then.</summary>
public sealed record WeekItemCounts(DateOnly WeekStart, int Open, int Overdue, int Closed);

/// <summary>The year's issued letters: awaiting the report or its review, overdue (the report missing past the deadline), closed.</summary>
public sealed record LetterCounts(int Open, int Overdue, int Closed)
{
    public static readonly LetterCounts None = new(0, 0, 0);
}

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
    TypicalCaseCounts TypicalCases,
    TeamStatusSummary Team)
{
    /// <summary>Plan submitted (or accepted) and its coverage met (the rule's <see cref="Rules.Coverage"/>).</summary>
    public bool PlanReady => Plan.IsSubmitted && CoverageMet == true;

    /// <summary>All the year's issued letters of the unit, counted by state.</summary>
    public LetterCounts Letters { get; init; } = LetterCounts.None;

    /// <summary>The unit's rectification items (周交办 list items) of the year.</summary>
    public AssignmentCounts Items { get; init; } = AssignmentCounts.None;

    /// <summary>The materials of <see cref="Visit"/> provided or on file, of those the template asks for; null without a visit.</summary>
    public Visits.MaterialsProgress? Materials { get; init; }
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
    IReadOnlyList<TypicalCaseLine> Cases,
    TeamDetail Team);

public sealed record VisitDetail(
    int Id, VisitStatus Status, int PlannedMonth, DateOnly? StartDate, DateOnly? EndDate,
    IReadOnlyList<string> SpotCheckedEnterprises, int ProblemFindings, int CompliantFindings, Visits.MaterialsProgress? Materials = null);

public sealed record LetterDetail(
    int Id, string? Number, LetterStatus Status, DateOnly VisitDate, DateOnly? IssuedOn, DateOnly ReportDeadline,
    int Problems, ReportStatus? ReportStatus, bool ReportLate, int ItemsAccepted, int ItemsReturned);

public sealed record AssignmentCounts(int Open, int Overdue, int Closed)
{
    public static readonly AssignmentCounts None = new(0, 0, 0);
}

public sealed record TypicalCaseLine(int Id, string Title, string CaseNumber, DateOnly ReportedOn, CaseQualification Qualification);

/// <summary>
/// 执法队伍建设 and 执行情况 of a unit's year: the current team figures (the latest filing, whenever it was
/// made), the year's training and the year's monthly progress against the plan.
/// </summary>
public sealed record TeamStatusSummary(TeamFiguresSummary? Figures, TrainingSummary Training, ProgressSummary Progress)
{
    /// <summary>
    /// Trained share: participant-sessions of the year ÷ staff on post. Sessions record how many attended, not
    /// who, so distinct people cannot be counted; the figure reads "attendances per staff member" and may pass 1
    /// (two sessions each attended by everyone = 2). Null until figures with staff on post are filed.
    /// </summary>
    public double? TrainedShare => Figures is { StaffOnPost: > 0 } f ? Rates.Ratio(Training.ParticipantSessions, f.StaffOnPost) : null;
}

/// <summary>The current team figures and the ratios the plan asks about (each 0–1, null when the base is 0).</summary>
public sealed record TeamFiguresSummary(
    int Id, DateTime ReportedUtc, int ApprovedPosts, int StaffOnPost, int CertifiedStaff, string? Note,
    int EducationPostgraduate, int EducationBachelor, int EducationCollege, int EducationOther, int RelatedFieldOfStudy,
    int AgeUnder35, int Age35To49, int Age50AndOver, int Men, int Women)
{
    /// <summary>在编在岗: staff on post ÷ approved posts (above 1 only with a note, see the filing rules).</summary>
    public double? OnPostRatio => Rates.Ratio(StaffOnPost, ApprovedPosts);
    public double? CertifiedShare => Rates.Ratio(CertifiedStaff, StaffOnPost);
    /// <summary>知识层次: bachelor's degree or higher ÷ staff on post.</summary>
    public double? BachelorOrAboveShare => Rates.Ratio(EducationPostgraduate + EducationBachelor, StaffOnPost);
    public double? RelatedFieldShare => Rates.Ratio(RelatedFieldOfStudy, StaffOnPost);
    public double? Under35Share => Rates.Ratio(AgeUnder35, StaffOnPost);
    public double? Age35To49Share => Rates.Ratio(Age35To49, StaffOnPost);
    public double? Age50AndOverShare => Rates.Ratio(Age50AndOver, StaffOnPost);
    public double? WomenShare => Rates.Ratio(Women, StaffOnPost);
    public double? MenShare => Rates.Ratio(Men, StaffOnPost);
}

/// <summary>The year's training: sessions, total hours of the sessions, attendances and attendance-hours.</summary>
public sealed record TrainingSummary(int Sessions, decimal Hours, int ParticipantSessions, decimal ParticipantHours)
{
    public static readonly TrainingSummary None = new(0, 0, 0, 0);
}

/// <summary>
/// The year's enforcement progress. <see cref="PlannedInspections"/> is the number of enterprises in the
/// unit's submitted annual plan (key + general planned). The plan is spread evenly over the year, so
/// <see cref="PlannedToDate"/> = planned × months ended ÷ 12 (rounded), the months ended being those a
/// report is owed for (the current month counts once it is over); <see cref="InspectionsToDate"/> adds the
/// current reports of those months. <see cref="ExecutionRate"/> = inspections ÷ planned to date (may pass 1).
/// <see cref="PreviousMonthReported"/>: the month owed today (the previous one) is reported; null when that
/// month is not of this year (January looks back at December of the year before; the nudge covers it).
/// </summary>
public sealed record ProgressSummary(
    int? PlannedInspections, int MonthsEnded, int MonthsReported, int? LatestMonthReported, bool? PreviousMonthReported,
    int InspectionsToDate, int PenaltiesDecided, int RecordsEntered, int DoubleRandomPublished,
    int PenaltiesPublished = 0, ListUpkeep? Lists = null)
{
    /// <summary>Penalties published in the national enterprise credit system ÷ penalties decided, year to date (三.1).</summary>
    public double? CreditPublicationRate => Rates.Ratio(PenaltiesPublished, PenaltiesDecided);

    public int? PlannedToDate => PlannedInspections is { } p ? (int)Math.Round(p * MonthsEnded / 12.0, MidpointRounding.AwayFromZero) : null;
    public double? ExecutionRate => PlannedToDate is { } p ? Rates.Ratio(InspectionsToDate, p) : null;
    /// <summary>Records entered in the provincial system ÷ (inspections + penalties), year to date.</summary>
    public double? EntryRate => Rates.Ratio(RecordsEntered, InspectionsToDate + PenaltiesDecided);
    /// <summary>双随机 results published to the national credit system ÷ inspections, year to date.</summary>
    public double? PublicationRate => Rates.Ratio(DoubleRandomPublished, InspectionsToDate);
}

/// <summary>
/// The upkeep of the provincial system's lists (三.1 动态更新) as the latest month reported says: the day each list was last brought
/// up to date, and whether it was within that month (<see cref="Current"/>).
/// </summary>
public sealed record ListUpkeep(int Year, int Month, DateOnly? Enterprises, DateOnly? Staff, DateOnly? Matters)
{
    private bool InMonth(DateOnly? d) => d is { } day && day.Year == Year && day.Month == Month;

    /// <summary>How many of the three lists were brought up to date within the month reported.</summary>
    public int Current => (InMonth(Enterprises) ? 1 : 0) + (InMonth(Staff) ? 1 : 0) + (InMonth(Matters) ? 1 : 0);
}

/// <summary>A unit's team history, the year's training sessions and the year's months, newest first.</summary>
public sealed record TeamDetail(
    IReadOnlyList<TeamFiguresSummary> FiguresHistory,
    IReadOnlyList<TrainingLine> Training,
    IReadOnlyList<ProgressLine> Progress);

public sealed record TrainingLine(int Id, DateOnly HeldOn, string Topic, decimal Hours, int Participants, DateTime ReportedUtc);

/// <summary>A month's current report; <see cref="Filings"/> counts how often the month was reported.</summary>
public sealed record ProgressLine(
    int Id, int Year, int Month, int InspectionsDone, int PenaltiesDecided, int RecordsEntered, int DoubleRandomPublished,
    DateTime ReportedUtc, int Filings,
    int PenaltiesPublished = 0, DateOnly? EnterpriseListUpdatedOn = null, DateOnly? StaffListUpdatedOn = null, DateOnly? MatterListUpdatedOn = null);
