using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.Tracking;

public enum AssignmentKind
{
    /// <summary>A problem found in a guidance visit, open until its rectification is accepted.</summary>
    VisitProblem = 0,
    /// <summary>A rectification report due by the letter's deadline.</summary>
    RectificationReport = 1,
    /// <summary>A filing the plan asks for that is not in: plan, approval and filing, publication.</summary>
    MissingFiling = 2,
    /// <summary>A typical case or progress report asked of the unit.</summary>
    Other = 3,
}

/// <summary>
/// One item on the 周交办月讲评 list: assigned on a date, due by a date, closed (or not).
/// Overdue is derived from <see cref="DueDate"/> and <see cref="ClosedOn"/>, never stored.
/// </summary>
public class AssignmentItem
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public int Year { get; set; }
    public AssignmentKind Kind { get; set; }

    /// <summary>What it is about, e.g. "LetterProblem:17"; unique so an item is never assigned twice.</summary>
    public required string SubjectKey { get; set; }
    public required string Title { get; set; }
    public int? OwnerPersonId { get; set; }
    public string? OwnerName { get; set; }
    public DateOnly AssignedOn { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly? ClosedOn { get; set; }
}

/// <summary>周交办: the numbered list compiled every Monday. Immutable once written.</summary>
public class WeeklyAssignmentSnapshot
{
    public int Id { get; set; }
    public int Year { get; set; }

    /// <summary>Issue number within the year: 第N期.</summary>
    public int Serial { get; set; }
    public DateOnly WeekStart { get; set; }
    public DateTime GeneratedUtc { get; set; }
    public List<WeeklyAssignmentLine> Lines { get; set; } = [];

    /// <summary>典型案例 per county unit as the list's Monday began.</summary>
    public List<WeeklyCaseLine> Cases { get; set; } = [];
}

/// <summary>
/// One unit's typical cases on the weekly list, as at 00:00 (China) of the list's Monday: entered in the
/// week before (Monday to Sunday, so each case is new on exactly one list), waiting for the city's
/// judgement, and the year's reported and qualified totals.
/// </summary>
public class WeeklyCaseLine
{
    public int Id { get; set; }
    public int WeeklyAssignmentSnapshotId { get; set; }
    public int UnitId { get; set; }
    public required string UnitName { get; set; }
    public int ReportedLastWeek { get; set; }
    public int AwaitingJudgement { get; set; }
    public int ReportedInYear { get; set; }
    public int QualifiedInYear { get; set; }
}

public enum AssignmentLineStatus
{
    New = 0,
    Open = 1,
    Overdue = 2,
}

public class WeeklyAssignmentLine
{
    public int Id { get; set; }
    public int WeeklyAssignmentSnapshotId { get; set; }
    public int Order { get; set; }
    public int AssignmentItemId { get; set; }
    public int UnitId { get; set; }
    public required string UnitName { get; set; }
    public AssignmentKind Kind { get; set; }
    public required string Title { get; set; }
    public string? OwnerName { get; set; }
    public DateOnly DueDate { get; set; }
    public AssignmentLineStatus Status { get; set; }
}

/// <summary>月讲评: per-unit figures for a month, a ranking and the overdue list. Immutable.</summary>
public class MonthlyReviewSnapshot
{
    public int Id { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public DateTime GeneratedUtc { get; set; }
    public List<MonthlyReviewLine> Lines { get; set; } = [];
    public List<MonthlyOverdueLine> Overdue { get; set; } = [];
}

public class MonthlyReviewLine
{
    public int Id { get; set; }
    public int MonthlyReviewSnapshotId { get; set; }
    public int UnitId { get; set; }
    public required string UnitName { get; set; }
    public int Assigned { get; set; }
    public int ClosedOnTime { get; set; }
    public int ClosedLate { get; set; }
    public int Overdue { get; set; }
    public int Open { get; set; }

    /// <summary>On-time rate in per-mille (integer, so snapshots compare exactly); null when nothing was due.</summary>
    public int? OnTimePermille { get; set; }
    public int? OnTimePermilleChange { get; set; }
    public int Rank { get; set; }
    /// <summary>Year to date at the month's end: cases reported upstream (by date reported) and judged qualified by then.</summary>
    public int TypicalCasesReported { get; set; }
    public int TypicalCasesQualified { get; set; }

    /// <summary>In the month: cases reported (by date reported) and cases judged qualified (by date judged, China).</summary>
    public int TypicalCasesReportedInMonth { get; set; }
    public int TypicalCasesQualifiedInMonth { get; set; }

    /// <summary>
    /// 三.1 as the unit reported the month (its current progress filing; null when none): penalties decided, those published in
    /// the national enterprise credit system, and how many of the provincial system's three lists (enterprises, staff, matters)
    /// were brought up to date within the month.
    /// </summary>
    public int? PenaltiesInMonth { get; set; }
    public int? PenaltiesPublishedInMonth { get; set; }
    public int? ListsUpdatedInMonth { get; set; }
}

public class MonthlyOverdueLine
{
    public int Id { get; set; }
    public int MonthlyReviewSnapshotId { get; set; }
    public int AssignmentItemId { get; set; }
    public int UnitId { get; set; }
    public required string UnitName { get; set; }
    public required string Title { get; set; }
    public DateOnly DueDate { get; set; }
    public int DaysOverdue { get; set; }
}
