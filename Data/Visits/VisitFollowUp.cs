using GuidanceBot.Data.Common;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Files;

namespace GuidanceBot.Data.Visits;

/// <summary>
/// 全过程跟踪: what the guidance team saw of one drawn enterprise's inspection (plan 二.(一).4): the county's enforcement
/// procedure (执法程序), its documents and how they were filled in (执法文书填写) and whether the inspection was closed
/// (执法检查闭合), each assessed like a finding (<see cref="FindingOutcome"/>) with a note, plus the team's photos.
/// One record per (visit, drawn enterprise); recording again replaces it (the audit log keeps what was there).
/// </summary>
public class VisitFollowUp : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int GuidanceVisitId { get; set; }
    public GuidanceVisit? Visit { get; set; }
    public int EnterpriseId { get; set; }
    public Enterprise? Enterprise { get; set; }

    /// <summary>The day the team followed the inspection (China), during or after the visit.</summary>
    public DateOnly ObservedOn { get; set; }

    public FindingOutcome Procedure { get; set; }
    public string? ProcedureNote { get; set; }
    public FindingOutcome Documents { get; set; }
    public string? DocumentsNote { get; set; }
    public FindingOutcome Closure { get; set; }
    public string? ClosureNote { get; set; }

    /// <summary>What else the team noted.</summary>
    public string? Notes { get; set; }

    public List<VisitFollowUpPhoto> Photos { get; set; } = [];
    public int RecordedById { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}

/// <summary>A photo the team took, kept in the one attachment store (<see cref="FileStore"/>), owned by the visited unit.</summary>
public class VisitFollowUpPhoto
{
    public int Id { get; set; }
    public int VisitFollowUpId { get; set; }
    public Guid FileId { get; set; }
    public StoredFile? File { get; set; }
    public DateTime AddedUtc { get; set; }
}
