using GuidanceBot.Data.Common;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Visits;

namespace GuidanceBot.Data.Letters;

/// <summary>Issued → Acknowledged → ReportSubmitted → (ReportReturned → ReportSubmitted)* → Closed.</summary>
public enum LetterStatus
{
    Draft = 0,
    Issued = 1,
    Acknowledged = 2,
    ReportSubmitted = 3,
    ReportReturned = 4,
    Closed = 5,
}

/// <summary>安全生产执法指导意见书, numbered per issuer and year when issued.</summary>
public class OpinionLetter : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public int IssuerUnitId { get; set; }
    public OrgUnit? IssuerUnit { get; set; }
    public int? GuidanceVisitId { get; set; }
    public GuidanceVisit? Visit { get; set; }
    public int Year { get; set; }

    /// <summary>Serial within issuer and year; null until issued. Gap-free.</summary>
    public int? Serial { get; set; }

    /// <summary>(漯)应急指导〔2022〕3号 — assigned at issue.</summary>
    public string? Number { get; set; }

    public LetterStatus Status { get; set; }
    public DateOnly VisitDate { get; set; }
    public List<LetterProblem> Problems { get; set; } = [];
    public DateOnly ReportDeadline { get; set; }

    public string? CountyResponsibleName { get; set; }
    public required string CityContactName { get; set; }
    public required string CityContactPhone { get; set; }

    public DateOnly? IssuedOn { get; set; }
    public DateTime? IssuedUtc { get; set; }
    public int? IssuedById { get; set; }

    public DateTime? AcknowledgedUtc { get; set; }
    public int? AcknowledgedById { get; set; }
    public string? AcknowledgedByName { get; set; }

    public DateTime? ClosedUtc { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}

/// <summary>One main problem with the city's opinion on it.</summary>
public class LetterProblem
{
    public int Id { get; set; }
    public int OpinionLetterId { get; set; }
    public int Order { get; set; }
    public int? CheckItemId { get; set; }
    public required string Problem { get; set; }
    public required string Opinion { get; set; }
}

/// <summary>Last serial handed out per issuer and year; incremented with a conditional update.</summary>
public class LetterNumberCounter
{
    public int IssuerUnitId { get; set; }
    public int Year { get; set; }
    public int LastSerial { get; set; }
}
