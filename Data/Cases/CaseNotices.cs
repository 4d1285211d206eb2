using GuidanceBot.Data.Messaging;

namespace GuidanceBot.Data.Cases;

/// <summary>A county reported a case: each city staff member is asked to judge it.</summary>
public sealed record CaseReportedNotice(int RecipientId, int CaseId) : Notice(RecipientId)
{
    public override string Kind => "case-reported";
    public override string Subject => $"case:{CaseId}";
    public override string Stage => "reported";
}

/// <summary>
/// The city's decision on a case, to each liaison of the unit; <paramref name="JudgedVersion"/> is the version judged,
/// so each decision is told once and a changed decision again.
/// </summary>
public sealed record CaseJudgedNotice(int RecipientId, int CaseId, Guid JudgedVersion, bool Rejudged) : Notice(RecipientId)
{
    public override string Kind => "case-judged";
    public override string Subject => $"case:{CaseId}";
    public override string Stage => $"judged-{JudgedVersion}";
}
