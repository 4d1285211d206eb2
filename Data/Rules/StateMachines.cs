using System.Globalization;
using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Resources;

namespace GuidanceBot.Data.Rules;

public enum SubmissionAction
{
    Submit,
    Accept,
    Return,
}

public enum LetterAction
{
    Issue,
    Acknowledge,
    SubmitReport,
    ReturnReport,
    Close,
}

/// <summary>
/// A county's filing the city reviews: Draft → Submitted → Accepted, or → Returned (reason) →
/// Resubmitted → Accepted | Returned …. Accepted is final.
/// </summary>
public static class SubmissionStateMachine
{
    public static DomainResult<SubmissionStatus> Next(SubmissionStatus from, SubmissionAction action, CultureInfo? culture = null)
    {
        SubmissionStatus? to = (from, action) switch
        {
            (SubmissionStatus.Draft, SubmissionAction.Submit) => SubmissionStatus.Submitted,
            (SubmissionStatus.Returned, SubmissionAction.Submit) => SubmissionStatus.Resubmitted,
            (SubmissionStatus.Submitted or SubmissionStatus.Resubmitted, SubmissionAction.Accept) => SubmissionStatus.Accepted,
            (SubmissionStatus.Submitted or SubmissionStatus.Resubmitted, SubmissionAction.Return) => SubmissionStatus.Returned,
            _ => null,
        };
        return to is { } next
            ? DomainResult<SubmissionStatus>.From(next)
            : DomainError.Create("workflow.invalid_step", culture, "status",
                new TextRef($"action.submission.{action}"), new TextRef($"status.submission.{from}"));
    }
}

/// <summary>
/// The opinion letter: Draft → Issued → Acknowledged → ReportSubmitted → (ReportReturned →
/// ReportSubmitted)* → Closed.
/// </summary>
public static class LetterStateMachine
{
    public static DomainResult<LetterStatus> Next(LetterStatus from, LetterAction action, CultureInfo? culture = null)
    {
        LetterStatus? to = (from, action) switch
        {
            (LetterStatus.Draft, LetterAction.Issue) => LetterStatus.Issued,
            (LetterStatus.Issued, LetterAction.Acknowledge) => LetterStatus.Acknowledged,
            (LetterStatus.Acknowledged or LetterStatus.ReportReturned, LetterAction.SubmitReport) => LetterStatus.ReportSubmitted,
            (LetterStatus.ReportSubmitted, LetterAction.ReturnReport) => LetterStatus.ReportReturned,
            (LetterStatus.ReportSubmitted, LetterAction.Close) => LetterStatus.Closed,
            _ => null,
        };
        return to is { } next
            ? DomainResult<LetterStatus>.From(next)
            : DomainError.Create("workflow.invalid_step", culture, "status",
                new TextRef($"action.letter.{action}"), new TextRef($"status.letter.{from}"));
    }
}
