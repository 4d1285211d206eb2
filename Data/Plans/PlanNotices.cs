using GuidanceBot.Data.Messaging;

namespace GuidanceBot.Data.Plans;

/// <summary>
/// A filing (<paramref name="Filing"/>: <c>plan</c>, <c>approval</c>, <c>publication</c>, as <see cref="SubmissionWorkflow.Subject{T}"/>
/// names them) came back with the city's reason, to each liaison of the unit; once per return.
/// </summary>
public sealed record SubmissionReturnedNotice(int RecipientId, string Filing, int SubmissionId, int Round) : Notice(RecipientId)
{
    public override string Kind => "submission-returned";
    public override string Subject => $"{Filing}:{SubmissionId}";
    public override string Stage => $"return-{Round}";
}
