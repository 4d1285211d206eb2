using GuidanceBot.Data.Common;
using GuidanceBot.Data.Letters;

namespace GuidanceBot.Data.Rectification;

public enum ReportStatus
{
    Draft = 0,
    Submitted = 1,
    Returned = 2,
    Accepted = 3,
}

/// <summary>整改报告 answering one opinion letter, one section per problem.</summary>
public class RectificationReport : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int OpinionLetterId { get; set; }
    public OpinionLetter? Letter { get; set; }
    public int UnitId { get; set; }
    public ReportStatus Status { get; set; }
    public string? ResponsibleName { get; set; }
    public DateTime? SubmittedUtc { get; set; }
    public int? SubmittedById { get; set; }

    /// <summary>Submitted after the letter's deadline: accepted, but marked.</summary>
    public bool IsLate { get; set; }
    public int SubmissionCount { get; set; }
    public List<RectificationItem> Items { get; set; } = [];

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}

public enum RectificationProgress
{
    Done = 0,
    InProgress = 1,
}

public enum ReviewDecision
{
    Pending = 0,
    Accepted = 1,
    Returned = 2,
}

public class RectificationItem
{
    public int Id { get; set; }
    public int RectificationReportId { get; set; }
    public int LetterProblemId { get; set; }
    public LetterProblem? Problem { get; set; }
    public string? Measures { get; set; }
    public RectificationProgress Progress { get; set; }
    public DateOnly? ExpectedCompletion { get; set; }
    public List<RectificationEvidence> Evidence { get; set; } = [];

    public ReviewDecision Decision { get; set; }
    public string? ReviewNote { get; set; }
    public DateTime? ReviewedUtc { get; set; }
    public int? ReviewedById { get; set; }

    /// <summary>
    /// An item accepted while still in progress stays on the 周交办 list until done: the day the county reports it done
    /// (null until then, and again when the city sends the report back) and its note.
    /// </summary>
    public DateOnly? CompletedOn { get; set; }
    public string? CompletionNote { get; set; }

    /// <summary>When city staff confirmed the completion; from then the item is off the list.</summary>
    public DateTime? CompletionConfirmedUtc { get; set; }
    public int? CompletionConfirmedById { get; set; }

    /// <summary>Accepted as in progress and not yet confirmed done: still owed, nudged until confirmed.</summary>
    public bool AwaitsCompletion => Decision == ReviewDecision.Accepted && Progress == RectificationProgress.InProgress && CompletionConfirmedUtc is null;
}

/// <summary>A file or a link that proves a measure.</summary>
public class RectificationEvidence
{
    public int Id { get; set; }
    public int RectificationItemId { get; set; }
    public Guid? FileId { get; set; }
    public string? Url { get; set; }
    public string? Caption { get; set; }
}
